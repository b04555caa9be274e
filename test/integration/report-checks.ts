import { expect } from 'vitest';
import type {
  FunnelSplit,
  ReportBy,
  ReportTouch,
  SummaryBy,
} from '../../src/core/reports/report-types.js';
import { systemActor } from '../../src/core/roles.js';
import { getAttribution } from '../../src/services/reports/get-attribution.js';
import { getFunnel } from '../../src/services/reports/get-funnel.js';
import { getLeadQuality } from '../../src/services/reports/get-lead-quality.js';
import { getPlan } from '../../src/services/reports/get-plan.js';
import { getReportSummary } from '../../src/services/reports/get-report-summary.js';
import { getScoringPerformance } from '../../src/services/reports/get-scoring-performance.js';
import { getVelocity } from '../../src/services/reports/get-velocity.js';
import type { Db } from '../../src/store/db.js';
import {
  bucketOf,
  ceilRatio,
  type Derived,
  funnelOrder,
  inRange,
  mainPath,
  nearestRank,
  type RawWorkspace,
  tally,
  velocityOrder,
} from './report-recompute.js';

/**
 * Each report from the services beside its recomputation from the raw rows
 * (report-recompute.ts). Figures must be equal; only velocity's median and p90,
 * read from a histogram, may differ — by at most 2.5% of (seconds + 60).
 */

export interface Range {
  from: string;
  to: string;
}

const actor = systemActor;
const none = (key: string) => (key === '' ? null : key);
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function expectRate(actual: number | null, expected: number | null, what: string) {
  if (expected === null) expect(actual, what).toBeNull();
  else expect(actual, what).toBeCloseTo(expected, 12);
}

function labelOf(raw: RawWorkspace, dimension: string, key: string): string {
  if (key === '') return '(none)';
  if (dimension === 'persona') return raw.personaNames.get(key) ?? key;
  if (dimension === 'team') return raw.teamNames.get(key) ?? key;
  if (dimension === 'owner' || dimension === 'marketer') return raw.memberNames.get(key) ?? key;
  return key;
}

const splitKey = (c: Derived, split: FunnelSplit) => (split === 'none' ? '' : (c[split] as string));

const touchKey = (c: Derived, touch: ReportTouch, by: ReportBy) =>
  touch === 'first' ? c[by] : by === 'source' ? c.lastSource : c.lastCampaign;

export async function checkFunnel(db: Db, raw: RawWorkspace, range: Range, split: FunnelSplit) {
  const report = await getFunnel({ db, actor, ...range, split });
  expect(report.pending).toBe(0);
  expect(report.definitionsVersion).toBe(raw.definitionsVersion);
  expect(report.steps.map((s) => s.key)).toEqual(funnelOrder);
  const cohortContacts = raw.contacts.filter((c) => inRange(c.cohort, range));
  const countsOf = (list: Derived[]) =>
    funnelOrder.map((s) => list.filter((c) => c.reached.has(s)).length);
  const conversionsOf = (counts: number[]) => {
    let previous: number | null = null;
    return counts.map((n, i) => {
      if (!mainPath.has(funnelOrder[i]!)) return null;
      const base = previous;
      previous = n;
      return base === null ? null : rate(n, base);
    });
  };
  const expected = new Map<string | null, { label: string; counts: number[] }>();
  expected.set('__all__', { label: 'All', counts: countsOf(cohortContacts) });
  if (split !== 'none') {
    const keys = new Set(cohortContacts.map((c) => splitKey(c, split)));
    for (const key of keys)
      expected.set(none(key), {
        label: labelOf(raw, split, key),
        counts: countsOf(cohortContacts.filter((c) => splitKey(c, split) === key)),
      });
  }
  expect(report.rows[0]!.key).toBe('__all__');
  expect(new Set(report.rows.map((r) => r.key))).toEqual(new Set(expected.keys()));
  expect(report.rows).toHaveLength(expected.size);
  for (const row of report.rows) {
    const e = expected.get(row.key)!;
    const what = `funnel ${range.from}..${range.to} split ${split} row ${row.key}`;
    expect({ label: row.label, counts: row.counts }, what).toEqual(e);
    const conversions = conversionsOf(e.counts);
    expect(row.conversions).toHaveLength(conversions.length);
    for (const [i, c] of row.conversions.entries())
      expectRate(c, conversions[i]!, `${what} conversion ${i}`);
  }
  const months: string[] = [];
  for (let m = range.from; m <= range.to; ) {
    months.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  expect(report.cohorts).toEqual(
    months.map((month) => ({
      month,
      counts: countsOf(raw.contacts.filter((c) => c.cohort === month)),
    })),
  );
  return report;
}

export async function checkVelocity(db: Db, raw: RawWorkspace, range: Range, split: FunnelSplit) {
  const report = await getVelocity({ db, actor, ...range, split });
  expect(report.pending).toBe(0);
  const cohortContacts = raw.contacts.filter((c) => inRange(c.cohort, range));
  const groups = new Map<string | null, Derived[]>([['__all__', cohortContacts]]);
  // A group is listed when its contacts completed a stay.
  if (split !== 'none')
    for (const c of cohortContacts.filter((x) => x.stays.length > 0)) {
      const key = none(splitKey(c, split));
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
  expect(report.rows[0]!.key).toBe('__all__');
  expect(new Set(report.rows.map((r) => r.key))).toEqual(new Set(groups.keys()));
  expect(report.rows).toHaveLength(groups.size);
  let stays = 0;
  for (const row of report.rows) {
    const list = groups.get(row.key)!;
    if (row.key !== '__all__') expect(row.label).toBe(labelOf(raw, split, row.key ?? ''));
    expect(row.stages.map((s) => s.key)).toEqual(velocityOrder);
    for (const s of row.stages) {
      const what = `velocity ${range.from}..${range.to} ${split} ${row.key} ${s.key}`;
      const seconds = list.flatMap((c) =>
        c.stays.filter((x) => x.stage === s.key).map((x) => x.seconds),
      );
      expect(s.stays, what).toBe(seconds.length);
      stays += seconds.length;
      if (seconds.length === 0) {
        expect([s.meanHours, s.medianHours, s.p90Hours], what).toEqual([null, null, null]);
        continue;
      }
      expect(s.meanHours!, what).toBeCloseTo(
        seconds.reduce((n, x) => n + x, 0) / seconds.length / 3600,
        9,
      );
      for (const [p, got] of [
        [0.5, s.medianHours],
        [0.9, s.p90Hours],
      ] as const) {
        const exact = nearestRank(seconds, p)!;
        expect(Math.abs(got! * 3600 - exact), `${what} p${p * 100}`).toBeLessThanOrEqual(
          0.025 * (exact + 60) + 1e-6,
        );
      }
    }
  }
  return { report, stays };
}

/** The stays' histogram itself, as the rollup holds it (per split: cohort, stage, bucket, value). */
export async function checkHistogram(db: Db, raw: RawWorkspace) {
  const expected = new Map<string, [number, number]>();
  for (const c of raw.contacts)
    for (const s of c.stays)
      for (const [split, value] of [
        ['none', ''],
        ['source', c.source],
        ['campaign', c.campaign],
        ['persona', c.persona],
        ['team', c.team],
      ]) {
        const key = [split, c.cohort, s.stage, bucketOf(s.seconds), value].join('|');
        const e = expected.get(key) ?? [0, 0];
        expected.set(key, [e[0] + 1, e[1] + s.seconds]);
      }
  const { rows } = await db.query<{ key: string; stays: number; seconds: number }>(
    `SELECT concat_ws('|', split, to_char(cohort_month, 'YYYY-MM'), stage, bucket, value) AS key,
            stays, seconds FROM report_stage_durations`,
  );
  expect(new Map(rows.map((r) => [r.key, [Number(r.stays), Number(r.seconds)]]))).toEqual(expected);
  return expected.size;
}

export async function checkLeadQuality(
  db: Db,
  raw: RawWorkspace,
  range: Range,
  touch: ReportTouch,
  by: ReportBy,
) {
  const report = await getLeadQuality({ db, actor, ...range, touch, by });
  expect(report.pending).toBe(0);
  const handed = raw.contacts.filter((c) => c.handoff && inRange(c.handoff.month, range));
  const figures = (list: Derived[]) => {
    const hs = list.map((c) => c.handoff!);
    const count = (f: (h: (typeof hs)[number]) => boolean) => hs.filter(f).length;
    const reasons = (pick: (h: (typeof hs)[number]) => string | null) => {
      const m = new Map<string, number>();
      for (const h of hs) {
        const code = pick(h);
        if (code !== null) tally(m, code);
      }
      return [...m]
        .map(([code, count]) => ({ code, label: raw.reasonLabels.get(code) ?? code, count }))
        .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
    };
    const n = hs.length;
    return {
      handed: n,
      accepted: count((h) => h.accepted),
      rejected: count((h) => h.rejected),
      sql: count((h) => h.sql),
      won: count((h) => h.won),
      lost: count((h) => h.lost),
      cents: hs.reduce((x, h) => x + h.cents, 0),
      rejectReasons: reasons((h) => h.rejectReason),
      lostReasons: reasons((h) => h.lostReason),
    };
  };
  const shown = (f: (typeof report)['total']) => ({
    handed: f.handed,
    accepted: f.accepted,
    rejected: f.rejected,
    sql: f.sql,
    won: f.won,
    lost: f.lost,
    cents: Math.round(f.revenue * 100),
    rejectReasons: f.rejectReasons,
    lostReasons: f.lostReasons,
  });
  const checkRates = (f: (typeof report)['total'], what: string) => {
    expectRate(f.acceptanceRate, rate(f.accepted, f.handed), `${what} acceptance`);
    expectRate(f.sqlRate, rate(f.sql, f.handed), `${what} sql rate`);
    expectRate(f.winRate, rate(f.won, f.handed), `${what} win rate`);
  };
  const what = `lead quality ${range.from}..${range.to} ${touch} ${by}`;
  expect(shown(report.total), what).toEqual(figures(handed));
  checkRates(report.total, what);
  const keys = new Set(handed.map((c) => touchKey(c, touch, by)));
  expect(new Set(report.rows.map((r) => r.key))).toEqual(new Set([...keys].map(none)));
  expect(report.rows).toHaveLength(keys.size);
  for (const row of report.rows) {
    const key = row.key ?? '';
    expect(row.label).toBe(labelOf(raw, by, key));
    expect(shown(row), `${what} ${key}`).toEqual(
      figures(handed.filter((c) => touchKey(c, touch, by) === key)),
    );
    checkRates(row, `${what} ${key}`);
  }
  expect(report.reasonCodes.map((r) => r.key).sort()).toEqual([...raw.reasonKinds.keys()].sort());
  return report;
}

export async function checkScoring(db: Db, raw: RawWorkspace, range: Range) {
  const report = await getScoringPerformance({ db, actor, ...range });
  expect(report.pending).toBe(0);
  const hs = raw.contacts.flatMap((c) =>
    c.handoff && inRange(c.handoff.month, range) ? [c.handoff] : [],
  );
  const bands = new Map<string, typeof hs>();
  for (const h of hs) bands.set(h.band, [...(bands.get(h.band) ?? []), h]);
  expect(new Set(report.bands.map((b) => b.band))).toEqual(new Set([...bands.keys()].map(none)));
  expect(report.bands).toHaveLength(bands.size);
  for (const b of report.bands) {
    const list = bands.get(b.band ?? '')!;
    const e = {
      handed: list.length,
      accepted: list.filter((h) => h.accepted).length,
      sql: list.filter((h) => h.sql).length,
      won: list.filter((h) => h.won).length,
    };
    const what = `scoring ${range.from}..${range.to} band ${b.band}`;
    expect({ handed: b.handed, accepted: b.accepted, sql: b.sql, won: b.won }, what).toEqual(e);
    expectRate(b.sqlRate, rate(e.sql, e.handed), what);
    expectRate(b.winRate, rate(e.won, e.handed), what);
  }
  expect(report.calibration.map((c) => c.bucket)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const c of report.calibration) {
    const list = hs.filter((h) => h.bucket === c.bucket);
    const what = `calibration ${range.from}..${range.to} bucket ${c.bucket}`;
    expect(c.handed, what).toBe(list.length);
    expect(c.label).toBe(c.bucket === 9 ? '90+' : `${c.bucket * 10}–${c.bucket * 10 + 9}`);
    expectRate(
      c.meanScore,
      list.length === 0 ? null : list.reduce((n, h) => n + h.score, 0) / list.length,
      what,
    );
    expectRate(c.sqlRate, rate(list.filter((h) => h.sql).length, list.length), what);
    expectRate(c.winRate, rate(list.filter((h) => h.won).length, list.length), what);
  }
  return report;
}

export async function checkAttribution(
  db: Db,
  raw: RawWorkspace,
  range: Range,
  touch: ReportTouch,
  by: ReportBy,
) {
  const report = await getAttribution({ db, actor, ...range, touch, by });
  expect(report.pending).toBe(0);
  const deals = new Map<string, number>();
  const revenue = new Map<string, number>();
  for (const c of raw.contacts)
    for (const w of c.wins)
      if (inRange(w.month, range)) {
        tally(deals, touchKey(c, touch, by));
        tally(revenue, touchKey(c, touch, by), w.cents);
      }
  const totalCents = [...revenue.values()].reduce((n, x) => n + x, 0);
  const what = `attribution ${range.from}..${range.to} ${touch} ${by}`;
  expect(
    { deals: report.total.deals, cents: Math.round(report.total.revenue * 100) },
    what,
  ).toEqual({ deals: [...deals.values()].reduce((n, x) => n + x, 0), cents: totalCents });
  expect(new Set(report.rows.map((r) => r.key))).toEqual(new Set([...deals.keys()].map(none)));
  expect(report.rows).toHaveLength(deals.size);
  for (const row of report.rows) {
    const key = row.key ?? '';
    expect(
      { label: row.label, deals: row.deals, cents: Math.round(row.revenue * 100) },
      `${what} ${key}`,
    ).toEqual({ label: labelOf(raw, by, key), deals: deals.get(key), cents: revenue.get(key) });
    expectRate(row.share, rate(revenue.get(key)!, totalCents), `${what} ${key} share`);
  }
  return report;
}

export interface SummaryFilter {
  owner?: string;
  team?: string;
  marketer?: string;
}

export async function checkSummary(
  db: Db,
  raw: RawWorkspace,
  range: Range,
  by: SummaryBy,
  filter: SummaryFilter = {},
) {
  const report = await getReportSummary({ db, actor, ...range, by, ...filter });
  expect(report.pending).toBe(0);
  expect(report.stages.map((s) => s.key)).toEqual(funnelOrder);
  const kept = raw.contacts.filter(
    (c) =>
      (filter.owner === undefined || c.owner === filter.owner) &&
      (filter.team === undefined || c.team === filter.team) &&
      (filter.marketer === undefined || c.marketer === filter.marketer),
  );
  const groups = new Map<string, { entries: Record<string, number>; cents: number }>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { entries: Object.fromEntries(funnelOrder.map((s) => [s, 0])), cents: 0 };
      groups.set(key, g);
    }
    return g;
  };
  group('__all__');
  for (const c of kept)
    for (const e of c.entries) {
      if (!inRange(e.month, range)) continue;
      const targets = by === 'none' ? ['__all__'] : ['__all__', `=${c[by]}`];
      for (const t of targets) {
        group(t).entries[e.stage]! += 1;
        group(t).cents += e.cents;
      }
    }
  const what = `summary ${range.from}..${range.to} by ${by} ${JSON.stringify(filter)}`;
  expect(report.rows[0]!.key, what).toBe('__all__');
  expect(
    new Set(report.rows.map((r) => (r.key === '__all__' ? '__all__' : `=${r.key ?? ''}`))),
    what,
  ).toEqual(new Set(groups.keys()));
  expect(report.rows).toHaveLength(groups.size);
  for (const row of report.rows) {
    const key = row.key === '__all__' ? '__all__' : `=${row.key ?? ''}`;
    const e = groups.get(key)!;
    expect(
      { entries: row.entries, cents: Math.round(row.revenue * 100) },
      `${what} ${key}`,
    ).toEqual(e);
    if (key !== '__all__') expect(row.label).toBe(labelOf(raw, by, row.key ?? ''));
  }
  return report;
}

export async function checkPlan(db: Db, raw: RawWorkspace, month: string) {
  const plan = await getPlan({ db, actor, month });
  expect(plan.pending).toBe(0);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const shift = (n: number) => {
    const k = y * 12 + (m - 1) + n;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  };
  const basis = { from: shift(-12), to: shift(-1) };
  expect(plan.basis).toEqual(basis);
  const counts = (r: Range) => {
    const firstEntries = (stage: string) =>
      raw.contacts.flatMap((c) =>
        c.entries.filter((e) => e.stage === stage && inRange(e.month, r)),
      );
    const wins = firstEntries('customer');
    return {
      // Contacts created (every contact reaches the first step, subscriber).
      leads: raw.contacts.filter((c) => inRange(c.cohort, r) && c.reached.has('subscriber')).length,
      handed: firstEntries('qualified').length,
      sqls: firstEntries('sql').length,
      deals: wins.length,
      cents: wins.reduce((n, e) => n + e.cents, 0),
    };
  };
  const b = counts(basis);
  const a = counts({ from: month, to: month });
  expect(
    { ...plan.actual, revenue: Math.round(plan.actual.revenue * 100) },
    `plan ${month} actual`,
  ).toEqual({ revenue: a.cents, deals: a.deals, sqls: a.sqls, mqls: a.handed, leads: a.leads });
  expectRate(
    plan.rates.averageDeal,
    b.deals === 0 ? null : b.cents / 100 / b.deals,
    `plan ${month} average deal`,
  );
  expectRate(plan.rates.winRate, rate(b.deals, b.sqls), `plan ${month} win rate`);
  expectRate(plan.rates.sqlRate, rate(b.sqls, b.handed), `plan ${month} sql rate`);
  expectRate(plan.rates.handRate, rate(b.handed, b.leads), `plan ${month} hand rate`);
  expect(plan.slaQuota).toBe(raw.slaQuota);
  // No target, or a rate unknown or 0: no number of deals meets the target.
  if (plan.revenueTarget === null || [b.deals, b.cents, b.sqls, b.handed, b.leads].includes(0)) {
    expect(plan.needed, `plan ${month} needed`).toBeNull();
    return plan;
  }
  // Exact integers: deals = ⌈target ÷ (revenue ÷ deals)⌉, sqls = ⌈deals ÷ (deals ÷ sqls)⌉, …
  const target = BigInt(Math.round(plan.revenueTarget * 100));
  const deals = ceilRatio(target, BigInt(b.deals), BigInt(b.cents));
  const sqls = ceilRatio(deals, BigInt(b.sqls), BigInt(b.deals));
  const mqls = ceilRatio(sqls, BigInt(b.handed), BigInt(b.sqls));
  const leads = ceilRatio(mqls, BigInt(b.leads), BigInt(b.handed));
  expect(plan.needed, `plan ${month} needed`).toEqual({
    revenue: plan.revenueTarget,
    deals: Number(deals),
    sqls: Number(sqls),
    mqls: Number(mqls),
    leads: Number(leads),
  });
  return plan;
}

export const funnelSplitsAll: FunnelSplit[] = ['none', 'source', 'campaign', 'persona', 'team'];
export const touchesAll: ReportTouch[] = ['first', 'last'];
export const bysAll: ReportBy[] = ['source', 'campaign'];

/** Every report over a range, every split, touch and grouping; returns what the range held. */
export async function checkEveryReport(
  db: Db,
  raw: RawWorkspace,
  range: Range,
  filters: SummaryFilter[],
): Promise<{ cohort: number; handed: number; won: number; stays: number }> {
  let stays = 0;
  for (const split of funnelSplitsAll) {
    await checkFunnel(db, raw, range, split);
    stays = (await checkVelocity(db, raw, range, split)).stays;
  }
  let handed = 0;
  let won = 0;
  for (const touch of touchesAll)
    for (const by of bysAll) {
      handed = (await checkLeadQuality(db, raw, range, touch, by)).total.handed;
      won = (await checkAttribution(db, raw, range, touch, by)).total.deals;
    }
  await checkScoring(db, raw, range);
  for (const by of ['none', 'team', 'owner', 'marketer'] as const)
    await checkSummary(db, raw, range, by);
  for (const filter of filters) await checkSummary(db, raw, range, 'owner', filter);
  return {
    cohort: raw.contacts.filter((c) => inRange(c.cohort, range)).length,
    handed,
    won,
    stays: stays,
  };
}
