import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/roles.js';
import { seedDemo } from '../../src/services/demo/seed-demo.js';
import { getSourceQuality } from '../../src/services/reports/get-source-quality.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { databaseTargets } from '../support/databases.js';

/**
 * DESIGN.md §6: every figure a report shows can be recomputed from the stored
 * transitions. This test reads the raw stage_transitions and contacts rows with
 * plain SQL and counts in TypeScript, with the report's rules written out again
 * from the glossary (not imported from the code under test), then compares
 * every row of the source quality report on the demo workspace.
 */

const asOf = new Date('2026-11-01T00:00:00Z');
const day = 86_400_000;

const routes = new Set(['mql', 'pql', 'cql']);
const acceptedStages = new Set(['sal', 'sql', 'opportunity', 'customer']);
const sqlStages = new Set(['sql', 'opportunity', 'customer']);
const exits = new Set(['recycled', 'disqualified']);
const rejectFrom = new Set(['mql', 'pql', 'cql', 'sal']);
const lostFrom = new Set(['sql', 'opportunity']);

interface RawTransition {
  id: string;
  contact_id: string;
  from_stage: string | null;
  to_stage: string;
  reason_code: string | null;
  amount: string | null;
  at: string;
}

interface RawContact {
  id: string;
  first_touch_source: string | null;
  first_touch_medium: string | null;
  first_touch_campaign: string | null;
  last_touch_source: string | null;
  last_touch_medium: string | null;
  last_touch_campaign: string | null;
  persona_key: string | null;
}

interface Expected {
  handed: number;
  accepted: number;
  sql: number;
  won: number;
  cents: number;
  rejected: number;
  rejectReasons: Record<string, number>;
  lost: number;
  lostReasons: Record<string, number>;
}

type GroupBy = 'source' | 'medium' | 'campaign' | 'persona';

function groupValue(c: RawContact, groupBy: GroupBy, touch: 'first' | 'last'): string {
  const value =
    groupBy === 'persona' ? c.persona_key : c[`${touch}_touch_${groupBy}` as keyof RawContact];
  return value === null || value === '' ? '(none)' : value;
}

function recompute(
  transitions: RawTransition[],
  contacts: Map<string, RawContact>,
  options: { groupBy: GroupBy; touch: 'first' | 'last'; from: number; to: number },
): { groups: Map<string, Expected>; reHandedInPeriod: number } {
  const byContact = new Map<string, RawTransition[]>();
  for (const t of transitions) {
    const list = byContact.get(t.contact_id) ?? [];
    list.push(t);
    byContact.set(t.contact_id, list);
  }
  const groups = new Map<string, Expected>();
  let reHandedInPeriod = 0;
  for (const [contactId, list] of byContact) {
    const time = (t: RawTransition) => Date.parse(t.at);
    list.sort((a, b) => time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const handoff = list.find(
      (t) => routes.has(t.to_stage) && time(t) >= options.from && time(t) < options.to,
    );
    if (!handoff) continue;
    if (list.some((t) => routes.has(t.to_stage) && time(t) < options.from)) reHandedInPeriod++;
    const after = list.filter((t) => time(t) >= time(handoff));
    const key = groupValue(contacts.get(contactId)!, options.groupBy, options.touch);
    const g = groups.get(key) ?? {
      handed: 0,
      accepted: 0,
      sql: 0,
      won: 0,
      cents: 0,
      rejected: 0,
      rejectReasons: {},
      lost: 0,
      lostReasons: {},
    };
    groups.set(key, g);
    g.handed++;
    if (after.some((t) => acceptedStages.has(t.to_stage))) g.accepted++;
    if (after.some((t) => sqlStages.has(t.to_stage))) g.sql++;
    const win = after.find((t) => t.to_stage === 'customer');
    if (win) {
      g.won++;
      g.cents += Math.round(Number(win.amount ?? 0) * 100);
    }
    const reject = after.find((t) => rejectFrom.has(t.from_stage ?? '') && exits.has(t.to_stage));
    if (reject) {
      g.rejected++;
      const code = reject.reason_code ?? '(none)';
      g.rejectReasons[code] = (g.rejectReasons[code] ?? 0) + 1;
    }
    const loss = after.find((t) => lostFrom.has(t.from_stage ?? '') && exits.has(t.to_stage));
    if (loss) {
      g.lost++;
      const code = loss.reason_code ?? '(none)';
      g.lostReasons[code] = (g.lostReasons[code] ?? 0) + 1;
    }
  }
  return { groups, reHandedInPeriod };
}

const reasonMap = (list: { code: string | null; count: number }[]) =>
  Object.fromEntries(list.map((r) => [r.code ?? '(none)', r.count]));

describe.each(databaseTargets)('source quality recomputed from raw rows on $name', (target) => {
  let db: Db;
  let transitions: RawTransition[];
  let contacts: Map<string, RawContact>;
  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    await seedDemo({ db, seed: 7, asOf });
    transitions = (
      await db.query<RawTransition>(
        `SELECT id::text, contact_id::text, from_stage, to_stage, reason_code, amount::text,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM stage_transitions`,
      )
    ).rows;
    contacts = new Map(
      (
        await db.query<RawContact>(
          `SELECT id::text, first_touch_source, first_touch_medium, first_touch_campaign,
                  last_touch_source, last_touch_medium, last_touch_campaign, persona_key
           FROM contacts`,
        )
      ).rows.map((c) => [c.id, c]),
    );
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  const periods = [
    { name: 'the default 12 months', from: asOf.getTime() - 365 * day, to: asOf.getTime() },
    // Short enough that recycled leads came back into it after a handoff before it.
    { name: 'the last 30 days', from: asOf.getTime() - 30 * day, to: asOf.getTime() },
  ];
  const cases = periods.flatMap((period) =>
    (['source', 'medium', 'campaign', 'persona'] as const).flatMap((groupBy) =>
      (groupBy === 'persona' ? (['first'] as const) : (['first', 'last'] as const)).map(
        (touch) => ({ period, groupBy, touch }),
      ),
    ),
  );

  it.each(cases)(
    'by $groupBy ($touch touch) over $period.name',
    async ({ period, groupBy, touch }) => {
      const report = await getSourceQuality({
        db,
        actor: systemActor,
        groupBy,
        touch,
        // The default period is 12 calendar months before now: 2025-11-01 here, 365 days back.
        ...(period.name.startsWith('the default') ? {} : { from: new Date(period.from) }),
        now: asOf,
      });
      expect(report.period).toEqual({ from: new Date(period.from), to: asOf });
      const { groups, reHandedInPeriod } = recompute(transitions, contacts, {
        groupBy,
        touch,
        from: period.from,
        to: period.to,
      });
      if (period.name === 'the last 30 days') expect(reHandedInPeriod).toBeGreaterThan(0);

      expect(report.rows.map((r) => r.group).sort()).toEqual([...groups.keys()].sort());
      const total: Expected = {
        handed: 0,
        accepted: 0,
        sql: 0,
        won: 0,
        cents: 0,
        rejected: 0,
        rejectReasons: {},
        lost: 0,
        lostReasons: {},
      };
      for (const row of report.rows) {
        const e = groups.get(row.group)!;
        const rate = (n: number) => n / e.handed;
        expect(
          {
            group: row.group,
            handed: row.handed,
            accepted: row.accepted,
            acceptanceRate: row.acceptanceRate,
            sql: row.sql,
            sqlRate: row.sqlRate,
            won: row.won,
            winRate: row.winRate,
            revenue: row.revenue,
            rejected: row.rejected,
            rejectReasons: reasonMap(row.rejectReasons),
            lost: row.lost,
            lostReasons: reasonMap(row.lostReasons),
          },
          row.group,
        ).toEqual({
          group: row.group,
          handed: e.handed,
          accepted: e.accepted,
          acceptanceRate: rate(e.accepted),
          sql: e.sql,
          sqlRate: rate(e.sql),
          won: e.won,
          winRate: rate(e.won),
          revenue: e.cents / 100,
          rejected: e.rejected,
          rejectReasons: e.rejectReasons,
          lost: e.lost,
          lostReasons: e.lostReasons,
        });
        for (const k of ['handed', 'accepted', 'sql', 'won', 'cents', 'rejected', 'lost'] as const)
          total[k] += e[k];
        for (const [code, n] of Object.entries(e.rejectReasons))
          total.rejectReasons[code] = (total.rejectReasons[code] ?? 0) + n;
        for (const [code, n] of Object.entries(e.lostReasons))
          total.lostReasons[code] = (total.lostReasons[code] ?? 0) + n;
      }
      const t = report.totals;
      expect({
        handed: t.handed,
        accepted: t.accepted,
        sql: t.sql,
        won: t.won,
        cents: Math.round(t.revenue * 100),
        rejected: t.rejected,
        rejectReasons: reasonMap(t.rejectReasons),
        lost: t.lost,
        lostReasons: reasonMap(t.lostReasons),
      }).toEqual(total);
      // The demo gives the report something to say: leads in most groups, outcomes of every kind.
      expect(t.handed).toBeGreaterThan(period.name === 'the last 30 days' ? 100 : 400);
      expect(t.won).toBeGreaterThan(0);
      expect(t.rejected).toBeGreaterThan(0);
      expect(t.lost).toBeGreaterThan(0);
    },
  );
});
