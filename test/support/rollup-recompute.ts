import type { Db } from '../../src/store/db.js';

/**
 * The report rollups recomputed from the raw tables alone (contacts, members,
 * stage_transitions, score_history and the definitions in force), written out
 * plainly from the rules of the issue 7 contract rather than through
 * core/reports/contact-fact.ts, so the fold is checked against a second
 * reading of the rules. Every table is a map from its key (columns in primary
 * key order, joined by '|') to its measures in column order; money in cents,
 * score sums in ten-thousandths, seconds whole.
 */
export type RollupRows = Record<string, Map<string, number[]>>;

const rollupQueries: Record<string, { keys: string[]; measures: string[] }> = {
  report_funnel: {
    keys: ["to_char(cohort_month, 'YYYY-MM-DD')", 'stage', 'source', 'campaign', 'persona', 'team'],
    measures: ['contacts'],
  },
  report_stage_durations: {
    keys: ['split', "to_char(cohort_month, 'YYYY-MM-DD')", 'stage', 'bucket::text', 'value'],
    measures: ['stays', 'round(seconds)'],
  },
  report_lead_quality: {
    keys: ["to_char(handed_month, 'YYYY-MM-DD')", 'touch', 'source', 'campaign'],
    measures: ['handed', 'accepted', 'rejected', 'sql', 'won', 'lost', 'round(revenue * 100)'],
  },
  report_reasons: {
    keys: [
      "to_char(handed_month, 'YYYY-MM-DD')",
      'touch',
      'source',
      'campaign',
      'kind',
      'reason_code',
    ],
    measures: ['leads'],
  },
  report_score_bands: {
    keys: ["to_char(handed_month, 'YYYY-MM-DD')", 'band', 'score_bucket::text'],
    measures: ['handed', 'accepted', 'sql', 'won', 'round(score_sum * 10000)'],
  },
  report_revenue: {
    keys: ["to_char(won_month, 'YYYY-MM-DD')", 'touch', 'source', 'campaign'],
    measures: ['deals', 'round(revenue * 100)'],
  },
  report_stage_entries: {
    keys: ["to_char(month, 'YYYY-MM-DD')", 'stage', 'team', 'owner', 'marketer'],
    measures: ['contacts', 'round(revenue * 100)'],
  },
};

export const rollupTableNames = Object.keys(rollupQueries);

/** What the rollup tables hold now, in the same shape as the recomputation. */
export async function readRollups(db: Db): Promise<RollupRows> {
  const out: RollupRows = {};
  for (const [table, q] of Object.entries(rollupQueries)) {
    const { rows } = await db.query<{ k: string; m: (number | string)[] }>(
      `SELECT concat_ws('|', ${q.keys.join(', ')}) AS k,
              ARRAY[${q.measures.map((m) => `(${m})::float8`).join(', ')}] AS m
       FROM ${table}`,
    );
    out[table] = new Map(rows.map((r) => [r.k, r.m.map(Number)]));
  }
  return out;
}

/** Maps as sorted entries, for toEqual with a readable diff. */
export function asEntries(rows: RollupRows): Record<string, [string, number[]][]> {
  const out: Record<string, [string, number[]][]> = {};
  for (const [table, map] of Object.entries(rows))
    out[table] = [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}

interface Stage {
  key: string;
  position: number;
  kind: string;
}

interface Move {
  stage: string;
  at: Date;
  month: string;
  reasonCode: string | null;
  amount: number | null;
  /** False for the stage a contact was created in before its first transition. */
  isTransition: boolean;
}

/** Every completed stay in a funnel or route stage, as [stage, whole seconds]: velocity's raw data. */
export type RawStay = [string, number];

export async function recomputeRollups(db: Db): Promise<{ rows: RollupRows; stays: RawStay[] }> {
  const month = (column: string) =>
    `to_char(date_trunc('month', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  const stages = (
    await db.query<Stage>(
      `SELECT d.key, d.position, d.kind FROM stage_definitions d
       JOIN stage_definition_versions v ON v.id = d.version_id WHERE v.status = 'active'`,
    )
  ).rows;
  const reasonKinds = new Map(
    (
      await db.query<{ key: string; kind: string }>(
        `SELECT r->>'key' AS key, r->>'kind' AS kind
         FROM stage_definition_versions v, jsonb_array_elements(v.reason_codes) r
         WHERE v.status = 'active'`,
      )
    ).rows.map((r) => [r.key, r.kind]),
  );
  const contacts = (
    await db.query<{
      id: string;
      created_at: Date;
      cohort: string;
      lifecycle_stage: string;
      owner: string;
      team: string;
      marketer: string;
      persona: string;
      source: string;
      campaign: string;
      last_source: string;
      last_campaign: string;
    }>(
      `SELECT c.id, c.created_at, ${month('c.created_at')} AS cohort, c.lifecycle_stage,
              coalesce(c.owner_id::text, '') AS owner, coalesce(m.team_id::text, '') AS team,
              coalesce(c.marketer_id::text, '') AS marketer, coalesce(c.persona_key, '') AS persona,
              coalesce(c.first_touch_source, '') AS source, coalesce(c.first_touch_campaign, '') AS campaign,
              coalesce(c.last_touch_source, '') AS last_source, coalesce(c.last_touch_campaign, '') AS last_campaign
       FROM contacts c LEFT JOIN members m ON m.id = c.owner_id`,
    )
  ).rows;
  const transitions = (
    await db.query<{
      contact_id: string;
      from_stage: string | null;
      to_stage: string;
      occurred_at: Date;
      month: string;
      reason_code: string | null;
      amount: number | null;
    }>(
      `SELECT contact_id, from_stage, to_stage, occurred_at, ${month('occurred_at')} AS month,
              reason_code, amount
       FROM stage_transitions ORDER BY contact_id, occurred_at, seq`,
    )
  ).rows;
  const scores = (
    await db.query<{ contact_id: string; occurred_at: Date; total: number; band: string }>(
      'SELECT contact_id, occurred_at, total, band FROM score_history ORDER BY contact_id, occurred_at, id',
    )
  ).rows;

  const stageOf = new Map(stages.map((s) => [s.key, s]));
  const kindOf = (key: string) => stageOf.get(key)?.kind;
  const positionOf = (key: string) => stageOf.get(key)!.position;
  const lastRoute = Math.max(...stages.filter((s) => s.kind === 'route').map((s) => s.position));
  const isFunnelFrom = (key: string, from: string) =>
    kindOf(key) === 'funnel' && positionOf(key) >= positionOf(from);

  const rows: RollupRows = {};
  for (const table of rollupTableNames) rows[table] = new Map();
  const add = (table: string, key: (string | number)[], measures: number[]) => {
    const map = rows[table]!;
    const k = key.join('|');
    const sum = map.get(k) ?? measures.map(() => 0);
    map.set(
      k,
      sum.map((v, i) => v + measures[i]!),
    );
  };
  const stays: RawStay[] = [];

  for (const c of contacts) {
    const own = transitions.filter((t) => t.contact_id === c.id);
    const path: Move[] = [];
    const createdIn = own.length === 0 ? c.lifecycle_stage : own[0]!.from_stage;
    if (createdIn !== null)
      path.push({
        stage: createdIn,
        at: c.created_at,
        month: c.cohort,
        reasonCode: null,
        amount: null,
        isTransition: false,
      });
    for (const t of own)
      path.push({
        stage: t.to_stage,
        at: t.occurred_at,
        month: t.month,
        reasonCode: t.reason_code,
        amount: t.amount === null ? null : Number(t.amount),
        isTransition: true,
      });
    const entered = new Set(path.map((p) => p.stage));

    // Funnel: entered, or a later funnel/route stage entered (funnel stages only); 'qualified'.
    for (const s of stages) {
      const passed = [...entered].some(
        (e) => (kindOf(e) === 'funnel' || kindOf(e) === 'route') && positionOf(e) > s.position,
      );
      if (entered.has(s.key) || (s.kind === 'funnel' && passed))
        add('report_funnel', [c.cohort, s.key, c.source, c.campaign, c.persona, c.team], [1]);
    }
    const qualifying = path.find(
      (p) =>
        kindOf(p.stage) === 'route' ||
        (kindOf(p.stage) === 'funnel' && positionOf(p.stage) > lastRoute),
    );
    if (qualifying)
      add('report_funnel', [c.cohort, 'qualified', c.source, c.campaign, c.persona, c.team], [1]);

    // Velocity: completed stays in funnel and route stages.
    for (let i = 0; i + 1 < path.length; i++) {
      const kind = kindOf(path[i]!.stage);
      if (kind !== 'funnel' && kind !== 'route') continue;
      const seconds = Math.max(
        0,
        Math.round((path[i + 1]!.at.getTime() - path[i]!.at.getTime()) / 1000),
      );
      const bucket = Math.floor(Math.log(seconds / 60 + 1) / Math.log(1.05));
      stays.push([path[i]!.stage, seconds]);
      for (const [split, value] of [
        ['none', ''],
        ['source', c.source],
        ['campaign', c.campaign],
        ['persona', c.persona],
        ['team', c.team],
      ])
        add(
          'report_stage_durations',
          [split!, c.cohort, path[i]!.stage, bucket, value!],
          [1, seconds],
        );
    }

    const touches: [string, string, string][] = [
      ['first', c.source, c.campaign],
      ['last', c.last_source, c.last_campaign],
    ];
    const cents = (amount: number | null) => Math.round((amount ?? 0) * 100);

    // Lead quality, reasons and score bands: from the handoff on.
    const h = path.findIndex((p) => kindOf(p.stage) === 'route');
    if (h >= 0) {
      const handoff = path[h]!;
      const after = path.slice(h + 1);
      const accepted = after.some((p) => isFunnelFrom(p.stage, 'sal')) ? 1 : 0;
      const sql = after.some((p) => isFunnelFrom(p.stage, 'sql')) ? 1 : 0;
      const won = after.some((p) => isFunnelFrom(p.stage, 'customer')) ? 1 : 0;
      const rejects = after.filter(
        (p) => p.reasonCode && reasonKinds.get(p.reasonCode) === 'reject',
      );
      const losses = after.filter((p) => p.reasonCode && reasonKinds.get(p.reasonCode) === 'lost');
      const revenue = after
        .filter((p) => isFunnelFrom(p.stage, 'customer'))
        .reduce((n, p) => n + cents(p.amount), 0);
      for (const [touch, source, campaign] of touches) {
        add(
          'report_lead_quality',
          [handoff.month, touch, source, campaign],
          [1, accepted, rejects.length > 0 ? 1 : 0, sql, won, losses.length > 0 ? 1 : 0, revenue],
        );
        const lastReject = rejects.at(-1);
        if (lastReject)
          add(
            'report_reasons',
            [handoff.month, touch, source, campaign, 'reject', lastReject.reasonCode!],
            [1],
          );
        const lastLoss = losses.at(-1);
        if (lastLoss)
          add(
            'report_reasons',
            [handoff.month, touch, source, campaign, 'lost', lastLoss.reasonCode!],
            [1],
          );
      }
      const score = scores
        .filter((s) => s.contact_id === c.id && s.occurred_at.getTime() <= handoff.at.getTime())
        .at(-1);
      const total = score === undefined ? null : Number(score.total);
      add(
        'report_score_bands',
        [
          handoff.month,
          score?.band ?? '',
          total === null ? -1 : Math.max(0, Math.min(9, Math.floor(total / 10))),
        ],
        [1, accepted, sql, won, total === null ? 0 : Math.round(total * 10000)],
      );
    }

    // Revenue: every move into a won stage.
    for (const p of path)
      if (p.isTransition && isFunnelFrom(p.stage, 'customer'))
        for (const [touch, source, campaign] of touches)
          add('report_revenue', [p.month, touch, source, campaign], [1, cents(p.amount)]);

    // Stage entries: the first entry into each stage, and into 'qualified'.
    const firsts = new Map<string, Move>();
    for (const p of path) if (!firsts.has(p.stage)) firsts.set(p.stage, p);
    for (const [stage, p] of firsts)
      add(
        'report_stage_entries',
        [p.month, stage, c.team, c.owner, c.marketer],
        [1, isFunnelFrom(stage, 'customer') ? cents(p.amount) : 0],
      );
    if (qualifying)
      add(
        'report_stage_entries',
        [qualifying.month, 'qualified', c.team, c.owner, c.marketer],
        [1, 0],
      );
  }
  return { rows, stays };
}
