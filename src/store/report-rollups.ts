import {
  type ContactFact,
  compareCells,
  type FactContact,
  type FactTransition,
  type RollupCell,
  type RollupTable,
  rollupLayouts,
  rollupTables,
  sumCells,
} from '../core/reports/contact-fact.js';
import { type Queryable, together } from './db.js';

/**
 * The report rollups' storage (issue 7): the dirty queue the triggers fill,
 * each contact's current fact, and the rollup tables the fold adds deltas to.
 */

/** SQL types of the key columns other than text. */
const keyTypes: Record<string, string> = {
  cohort_month: 'date',
  handed_month: 'date',
  won_month: 'date',
  month: 'date',
  bucket: 'smallint',
  score_bucket: 'smallint',
};
const keyType = (column: string) => keyTypes[column] ?? 'text';
/** SQL types of the measure columns other than bigint; measures arrive as scaled integers (core/reports/contact-fact.ts). */
const measureTypes: Record<string, string> = {
  seconds: 'double precision',
  score_sum: 'double precision',
  revenue: 'numeric',
};
const measureType = (column: string) => measureTypes[column] ?? 'bigint';

/** Claims up to `limit` dirty contacts; rows a writer is marking right now are left for the next fold. */
export async function claimDirtyContacts(q: Queryable, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ contact_id: string }>(
    `DELETE FROM report_dirty d
     USING (SELECT contact_id FROM report_dirty ORDER BY contact_id LIMIT $1 FOR UPDATE SKIP LOCKED) c
     WHERE d.contact_id = c.contact_id
     RETURNING d.contact_id`,
    [limit],
  );
  return rows.map((r) => r.contact_id).sort();
}

export async function countDirtyContacts(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*) AS n FROM report_dirty');
  return rows[0]?.n ?? 0;
}

/** Marks every contact (and every contact that still has a fact) dirty; returns how many are pending. */
export async function markAllContactsDirty(q: Queryable): Promise<number> {
  await q.query(
    `INSERT INTO report_dirty (contact_id)
     SELECT id FROM contacts UNION SELECT contact_id FROM report_contact_facts
     ON CONFLICT (contact_id) DO NOTHING`,
  );
  return countDirtyContacts(q);
}

/** Empties the rollups and the facts, so the next folds rebuild them from the raw tables. */
export async function clearReportRollups(q: Queryable): Promise<void> {
  await q.query(`TRUNCATE report_contact_facts, ${rollupTables.join(', ')}`);
}

/**
 * Records the definitions version the facts follow. When another version took
 * effect, every contact is marked dirty (once: a concurrent fold that got
 * there first leaves nothing to update). Returns whether it did.
 */
export async function followDefinitionsVersion(q: Queryable, version: number): Promise<boolean> {
  const { rows } = await q.query<{ definitions_version: number | null }>(
    'SELECT definitions_version FROM report_rollup_state',
  );
  if (rows[0]?.definitions_version === version) return false;
  const { rowCount } = await q.query(
    `UPDATE report_rollup_state SET definitions_version = $1
     WHERE definitions_version IS DISTINCT FROM $1`,
    [version],
  );
  if (rowCount === 0) return false;
  await markAllContactsDirty(q);
  return true;
}

interface ContactRow {
  id: string;
  created_at: Date;
  lifecycle_stage: string;
  owner_id: string | null;
  team_id: string | null;
  marketer_id: string | null;
  persona_key: string | null;
  first_touch_source: string | null;
  first_touch_campaign: string | null;
  last_touch_source: string | null;
  last_touch_campaign: string | null;
}

interface TransitionRow {
  contact_id: string;
  from_stage: string | null;
  to_stage: string;
  occurred_at: Date;
  reason_code: string | null;
  amount: number | string | null;
}

export interface FoldInputs {
  /** Contacts that still exist (a deleted or merged-away one is missing). */
  contacts: FactContact[];
  /** Per contact, in stored order (occurred_at, seq). */
  transitions: Map<string, FactTransition[]>;
  facts: Map<string, ContactFact>;
}

/** What the fold needs about the claimed contacts: three set-based reads sent together. */
export async function loadFoldInputs(q: Queryable, ids: readonly string[]): Promise<FoldInputs> {
  const [contacts, transitions, facts] = await together([
    q.query<ContactRow>(
      `SELECT c.id, c.created_at, c.lifecycle_stage, c.owner_id, m.team_id, c.marketer_id,
              c.persona_key, c.first_touch_source, c.first_touch_campaign, c.last_touch_source,
              c.last_touch_campaign
       FROM contacts c LEFT JOIN members m ON m.id = c.owner_id
       WHERE c.id = ANY($1::uuid[])`,
      [ids],
    ),
    q.query<TransitionRow>(
      `SELECT contact_id, from_stage, to_stage, occurred_at, reason_code, amount
       FROM stage_transitions WHERE contact_id = ANY($1::uuid[])
       ORDER BY contact_id, occurred_at, seq`,
      [ids],
    ),
    q.query<{ contact_id: string; fact: ContactFact }>(
      'SELECT contact_id, fact FROM report_contact_facts WHERE contact_id = ANY($1::uuid[])',
      [ids],
    ),
  ] as const);
  const byContact = new Map<string, FactTransition[]>();
  for (const t of transitions.rows) {
    let list = byContact.get(t.contact_id);
    if (!list) {
      list = [];
      byContact.set(t.contact_id, list);
    }
    list.push({
      fromStage: t.from_stage,
      toStage: t.to_stage,
      occurredAt: t.occurred_at,
      reasonCode: t.reason_code,
      amount: t.amount === null ? null : Number(t.amount),
    });
  }
  return {
    contacts: contacts.rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      lifecycleStage: r.lifecycle_stage,
      ownerId: r.owner_id,
      teamId: r.team_id,
      marketerId: r.marketer_id,
      personaKey: r.persona_key,
      firstTouchSource: r.first_touch_source,
      firstTouchCampaign: r.first_touch_campaign,
      lastTouchSource: r.last_touch_source,
      lastTouchCampaign: r.last_touch_campaign,
    })),
    transitions: byContact,
    facts: new Map(facts.rows.map((r) => [r.contact_id, r.fact])),
  };
}

/** The last score_history row at or before each instant (score_history_contact_idx, one probe each). */
export async function loadScoresAt(
  q: Queryable,
  at: readonly { contactId: string; at: Date }[],
): Promise<Map<string, { total: number; band: string }>> {
  if (at.length === 0) return new Map();
  const { rows } = await q.query<{ contact_id: string; total: number | string; band: string }>(
    `SELECT x.id AS contact_id, s.total, s.band
     FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, at)
     CROSS JOIN LATERAL (
       SELECT h.total, h.band FROM score_history h
       WHERE h.contact_id = x.id AND h.occurred_at <= x.at
       ORDER BY h.occurred_at DESC, h.id DESC LIMIT 1) s`,
    [at.map((a) => a.contactId), at.map((a) => a.at)],
  );
  return new Map(rows.map((r) => [r.contact_id, { total: Number(r.total), band: r.band }]));
}

function measureExpr(name: string, scale: number, param: string): string {
  const type = measureType(name);
  if (scale === 1) return type === 'bigint' ? param : `${param}::${type}`;
  return `${param}::${type} / ${scale}`;
}

async function applyTable(q: Queryable, table: RollupTable, cells: RollupCell[]): Promise<void> {
  const layout = rollupLayouts[table];
  const keys = layout.keys;
  const measures = layout.measures;
  const keyParams = keys.map((k, i) => `$${i + 1}::${keyType(k)}[]`);
  const measureParams = measures.map((_, i) => `$${keys.length + i + 1}::bigint[]`);
  const keyAliases = keys.map((_, i) => `k${i}`);
  const measureAliases = measures.map((_, i) => `m${i}`);
  const values = [
    ...keys.map((_, i) => cells.map((c) => c.key[i])),
    ...measures.map((_, i) => cells.map((c) => c.measures[i])),
  ];
  await q.query(
    `INSERT INTO ${table} AS r (${keys.join(', ')}, ${measures.map((m) => m.name).join(', ')})
     SELECT ${keyAliases.join(', ')},
            ${measures.map((m, i) => measureExpr(m.name, m.scale, measureAliases[i]!)).join(', ')}
     FROM unnest(${[...keyParams, ...measureParams].join(', ')})
       AS x(${[...keyAliases, ...measureAliases].join(', ')})
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
       ${measures.map((m) => `${m.name} = r.${m.name} + excluded.${m.name}`).join(', ')}`,
    values,
  );
  // Only a cell that lost contributions can have come down to nothing.
  const shrunk = cells.filter((c) => c.measures[0]! < 0);
  if (shrunk.length === 0) return;
  await q.query(
    `DELETE FROM ${table} r
     USING unnest(${keyParams.join(', ')}) AS x(${keyAliases.join(', ')})
     WHERE ${keys.map((k, i) => `r.${k} = x.k${i}`).join(' AND ')} AND r.${measures[0]!.name} = 0`,
    keys.map((_, i) => shrunk.map((c) => c.key[i])),
  );
}

/**
 * Adds deltas to the rollups, summed by key: one upsert per table, rows in key order
 * (two folds lock shared rows in one order), then deletes the rows left with
 * no contribution.
 */
export async function applyRollupDeltas(q: Queryable, cells: readonly RollupCell[]): Promise<void> {
  const sorted = sumCells(cells).sort(compareCells);
  for (const table of rollupTables) {
    const mine = sorted.filter((c) => c.table === table);
    if (mine.length > 0) await applyTable(q, table, mine);
  }
}

/** Stores the facts now contributed and forgets those of contacts that no longer exist. */
export async function writeContactFacts(
  q: Queryable,
  facts: readonly { contactId: string; fact: ContactFact }[],
  gone: readonly string[],
): Promise<void> {
  await together([
    facts.length === 0
      ? Promise.resolve()
      : q.query(
          `INSERT INTO report_contact_facts (contact_id, fact, folded_at)
           SELECT id, f::jsonb, now() FROM unnest($1::uuid[], $2::text[]) AS x(id, f)
           ON CONFLICT (contact_id) DO UPDATE SET fact = excluded.fact, folded_at = excluded.folded_at`,
          [facts.map((f) => f.contactId), facts.map((f) => JSON.stringify(f.fact))],
        ),
    gone.length === 0
      ? Promise.resolve()
      : q.query('DELETE FROM report_contact_facts WHERE contact_id = ANY($1::uuid[])', [gone]),
  ] as const);
}
