import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/roles.js';
import { defaultScoringModel } from '../../src/core/scoring/default-model.js';
import { evaluate } from '../../src/core/scoring/evaluate.js';
import type { ScoringContact, ScoringEvent, ScoringModel } from '../../src/core/scoring/model.js';
import { parseScoringModel } from '../../src/core/scoring/validate-model.js';
import { type BacktestResult, runBacktest } from '../../src/services/scoring/run-backtest.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { insertMember } from '../../src/store/members.js';
import { databaseTargets } from '../support/databases.js';

/*
 * Acceptance (issue 4): "Backtest figures are recomputed from raw events and
 * transitions in a test and agree." The history below is written with plain
 * SQL; the recomputation reads it back with its own SQL (outcomes, handoffs,
 * when each contact became known) and decides qualification with evaluate()
 * from scratch at each candidate instant, finding a qualification that decay
 * causes between events by bisection on evaluate(), never through the
 * incremental state, the scheduler or the backtest's store module.
 */

const candidateDocument: unknown = JSON.parse(
  fs.readFileSync(new URL('../fixtures/scoring/candidate-model.json', import.meta.url), 'utf8'),
);
const candidate = parseScoringModel(candidateDocument);

const now = new Date('2026-11-23T12:00:00Z');
const from = '2026-07';
const to = '2026-11';
const start = Date.UTC(2026, 6, 1);
const end = now.getTime();
const day = 86_400_000;

/** A small deterministic generator (mulberry32), so every run seeds the same history. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const activity: [string, Record<string, unknown>][] = [
  ['page_viewed', { path: '/pricing' }],
  ['page_viewed', { path: '/blog/scoring-101' }],
  ['page_viewed', { path: '/product/routing' }],
  ['page_viewed', { path: '/careers' }],
  ['form_submitted', { form: 'demo-request' }],
  ['form_submitted', { form: 'newsletter' }],
  ['asset_downloaded', {}],
  ['webinar_registered', {}],
  ['email_opened', {}],
  ['email_clicked', {}],
  ['email_unsubscribed', {}],
  ['signed_up', {}],
  ['feature_used', {}],
  ['feature_used', {}],
  ['chat_started', {}],
];

async function seed(db: Db): Promise<void> {
  const rng = random(20261123);
  const accounts: string[] = [];
  for (let i = 0; i < 12; i++) {
    const id = randomUUID();
    accounts.push(id);
    await db.query(
      `INSERT INTO accounts (id, domain, name, industry, employees, country) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        `account${i}.test`,
        `Account ${i}`,
        rng.pick(['SaaS', 'Fintech', 'Retail', 'Professional Services']),
        rng.pick([12, 80, 400, 2500, 9000]),
        rng.pick(['US', 'GB', 'DE', 'BR']),
      ],
    );
  }
  const first = Date.UTC(2026, 3, 1);
  for (let i = 0; i < 90; i++) {
    const id = randomUUID();
    // Some were imported late: created after the activity they came with.
    const created = first + rng.int(0, 230) * day + rng.int(0, day - 1);
    await db.query(
      `INSERT INTO contacts (id, email, title, properties, account_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        `person${i}@${rng.pick(['account.test', 'gmail.com', 'hubspot.com'])}`,
        rng.pick(['VP Marketing', 'Head of Sales', 'Marketing Manager', 'Student', null]),
        JSON.stringify({
          seniority: rng.pick(['executive', 'director', 'manager', 'student']),
          department: rng.pick(['marketing', 'sales', 'engineering']),
        }),
        rng.chance(0.85) ? rng.pick(accounts) : null,
        new Date(created),
      ],
    );
    const eventCount = rng.chance(0.15) ? 0 : rng.int(1, 14);
    let at = created - rng.int(0, 40) * day;
    // Unsubscribed first: a penalty that fades while nothing happens, until fit alone qualifies.
    const penalisedFirst = rng.chance(0.2);
    for (let k = 0; k < eventCount; k++) {
      // Bursts of activity, some on the same millisecond, then quiet weeks.
      at += rng.chance(0.1)
        ? 0
        : rng.chance(0.6)
          ? rng.int(1, 36) * 3_600_000
          : rng.int(5, 30) * day;
      const [type, properties] =
        k === 0 && penalisedFirst ? (['email_unsubscribed', {}] as const) : rng.pick(activity);
      await db.query(
        `INSERT INTO events (contact_id, type, properties, source, message_id, occurred_at)
         VALUES ($1, $2, $3, 'test', $4, $5)`,
        [id, type, JSON.stringify(properties), `m-${i}-${k}`, new Date(at)],
      );
    }
    // A recorded path through the funnel, sometimes recycled, sometimes straight to SQL.
    const path = rng.pick([
      ['lead'],
      ['lead', 'mql'],
      ['lead', 'mql', 'sal'],
      ['lead', 'mql', 'sal', 'sql'],
      ['lead', 'pql', 'sal', 'sql', 'opportunity', 'customer'],
      ['lead', 'cql', 'recycled'],
      ['lead', 'sql'],
      ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'],
    ]);
    let when = created;
    for (const [k, stage] of path.entries()) {
      await db.query(
        `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, occurred_at)
         VALUES ($1, $2, $3, 'system', $4)`,
        [id, k === 0 ? null : path[k - 1], stage, new Date(when)],
      );
      when += rng.int(1, 40) * day;
    }
  }
}

interface RawContact {
  id: string;
  knownFrom: number;
  handedOffAt: number | null;
  accepted: boolean;
  sql: boolean;
  won: boolean;
  profile: ScoringContact;
  events: ScoringEvent[];
}

/** Everything straight from the tables, with SQL of its own. */
async function readRaw(db: Db): Promise<RawContact[]> {
  const handoff = ['mql', 'pql', 'cql', 'sal', 'sql', 'opportunity', 'customer'];
  const { rows } = await db.query<{
    id: string;
    email: string | null;
    title: string | null;
    properties: Record<string, unknown>;
    account: ScoringContact['account'];
    known_from: Date;
    handed_off_at: Date | null;
    accepted: boolean;
    sql: boolean;
    won: boolean;
  }>(
    `SELECT c.id, c.email, c.title, c.properties,
            CASE WHEN a.id IS NULL THEN NULL ELSE jsonb_build_object(
              'domain', a.domain, 'industry', a.industry, 'employees', a.employees,
              'annualRevenue', a.annual_revenue, 'country', a.country, 'properties', a.properties)
            END AS account,
            least(c.created_at, (SELECT min(occurred_at) FROM events e WHERE e.contact_id = c.id)) AS known_from,
            (SELECT min(occurred_at) FROM stage_transitions t
             WHERE t.contact_id = c.id AND t.to_stage = ANY($1)) AS handed_off_at,
            EXISTS (SELECT 1 FROM stage_transitions t WHERE t.contact_id = c.id
                    AND t.to_stage IN ('sal', 'sql', 'opportunity', 'customer')) AS accepted,
            EXISTS (SELECT 1 FROM stage_transitions t WHERE t.contact_id = c.id
                    AND t.to_stage IN ('sql', 'opportunity', 'customer')) AS sql,
            EXISTS (SELECT 1 FROM stage_transitions t WHERE t.contact_id = c.id
                    AND t.to_stage = 'customer') AS won
     FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id`,
    [handoff],
  );
  const events = await db.query<{
    contact_id: string;
    id: string;
    type: string;
    name: string | null;
    properties: Record<string, unknown>;
    occurred_at: Date;
  }>(
    'SELECT contact_id, id, type, name, properties, occurred_at FROM events WHERE occurred_at < $1',
    [now],
  );
  return rows.map((r) => ({
    id: r.id,
    knownFrom: r.known_from.getTime(),
    handedOffAt: r.handed_off_at?.getTime() ?? null,
    accepted: r.accepted,
    sql: r.sql,
    won: r.won,
    profile: {
      email: r.email,
      title: r.title,
      properties: r.properties,
      account: r.account && { ...r.account, properties: r.account.properties ?? {} },
      personaKey: null,
    },
    events: events.rows
      .filter((e) => e.contact_id === r.id)
      .map((e) => ({
        id: e.id,
        type: e.type,
        name: e.name,
        properties: e.properties,
        occurredAt: e.occurred_at,
      })),
  }));
}

const routeOf = (q: { mql: boolean; pql: boolean; cql: boolean }) =>
  q.mql ? 'mql' : q.pql ? 'pql' : q.cql ? 'cql' : null;

/** The first qualifying millisecond, by evaluate() at each instant and bisection between them. */
function firstQualification(m: ScoringModel, c: RawContact): number | null {
  const qualifies = (t: number) => routeOf(evaluate(m, c.profile, c.events, new Date(t)).qualifies);
  const instants = [...new Set([c.knownFrom, ...c.events.map((e) => e.occurredAt.getTime())])]
    .filter((t) => t >= c.knownFrom && t < end)
    .sort((a, b) => a - b);
  for (const [k, at] of instants.entries()) {
    if (qualifies(at)) return at;
    let hi = (instants[k + 1] ?? end) - 1;
    if (hi <= at || !qualifies(hi)) continue;
    // Only fading penalties raise a score between events, and they keep it up until the next one.
    let lo = at;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (qualifies(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  }
  return null;
}

function monthOf(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

/** The model's figures from raw rows: what run-backtest.ts must agree with. */
function recompute(m: ScoringModel, contacts: readonly RawContact[]) {
  const months = new Map<
    string,
    { qualified: number; accepted: number; sql: number; won: number }
  >();
  const bands = new Map<
    string,
    { contacts: number; qualified: number; accepted: number; sql: number; won: number }
  >();
  let qualifiedBefore = 0;
  const scored: { score: number; positive: boolean }[] = [];
  for (const c of contacts) {
    if (c.knownFrom >= end) continue;
    const q = firstQualification(m, c);
    if (q !== null && q < start) qualifiedBefore++;
    if (q !== null && q >= start) {
      const month = months.get(monthOf(q)) ?? { qualified: 0, accepted: 0, sql: 0, won: 0 };
      month.qualified++;
      month.accepted += Number(c.accepted);
      month.sql += Number(c.sql);
      month.won += Number(c.won);
      months.set(monthOf(q), month);
    }
    const decisionAt = c.handedOffAt !== null && c.handedOffAt < end ? c.handedOffAt : end;
    if (decisionAt < start) continue;
    const band = evaluate(m, c.profile, c.events, new Date(q ?? end)).band;
    const b = bands.get(band) ?? { contacts: 0, qualified: 0, accepted: 0, sql: 0, won: 0 };
    b.contacts++;
    b.qualified += Number(q !== null);
    b.accepted += Number(c.accepted);
    b.sql += Number(c.sql);
    b.won += Number(c.won);
    bands.set(band, b);
    scored.push({
      score: evaluate(m, c.profile, c.events, new Date(decisionAt)).total,
      positive: c.sql,
    });
  }
  const pos = scored.filter((s) => s.positive);
  const neg = scored.filter((s) => !s.positive);
  let pairs = 0;
  for (const p of pos)
    for (const n of neg) pairs += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
  // Top tenth, a tie group straddling the line taken in proportion.
  const byScore = [...new Set(scored.map((s) => s.score))].sort((a, b) => b - a);
  const line = scored.length / 10;
  let taken = 0;
  let captured = 0;
  for (const score of byScore) {
    const group = scored.filter((s) => s.score === score);
    const share = Math.min(1, Math.max(0, (line - taken) / group.length));
    captured += share * group.filter((s) => s.positive).length;
    taken += group.length;
  }
  return {
    cohort: scored.length,
    months,
    bands,
    qualifiedBefore,
    positives: pos.length,
    auc: pos.length > 0 && neg.length > 0 ? pairs / (pos.length * neg.length) : null,
    topDecileLift: pos.length > 0 ? captured / pos.length / 0.1 : null,
  };
}

describe.each(databaseTargets)('backtest figures recomputed from raw rows on $name', (target) => {
  let db: Db;
  let result: BacktestResult;
  let raw: RawContact[];

  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    for (const i of [1, 2, 3])
      await insertMember(db, {
        email: `rep${i}@example.test`,
        name: `Rep ${i}`,
        role: 'sales_rep',
        teamId: null,
        timeZone: 'UTC',
        passwordHash: null,
      });
    await seed(db);
    raw = await readRaw(db);
    result = await runBacktest({
      db,
      actor: systemActor,
      document: candidateDocument,
      compareWith: 'active',
      from,
      to,
      now,
      // Small pages: the figures must not depend on where one page ends.
      pageSize: 7,
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('replays the candidate beside the active (default) model over the same period', () => {
    expect(result.period).toMatchObject({
      from,
      to,
      start: '2026-07-01T00:00:00.000Z',
      end: '2026-12-01T00:00:00.000Z',
      evaluatedAt: now.toISOString(),
      months: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'],
    });
    expect(result.quota).toEqual({ perRep: 5, reps: 3, perMonth: 15 });
    expect(result.models.map((m) => m.model)).toEqual([
      { source: 'document' },
      expect.objectContaining({ source: 'version', status: 'active', version: 1 }),
    ]);
    expect(result.contacts).toBe(raw.filter((c) => c.knownFrom < end).length);
  });

  it('counts actual handoffs per month as SQL over the transitions does', async () => {
    const { rows } = await db.query<{ month: string; n: number }>(
      `SELECT to_char(first AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS n
       FROM (SELECT contact_id, min(occurred_at) AS first FROM stage_transitions
             WHERE to_stage IN ('mql', 'pql', 'cql', 'sal', 'sql', 'opportunity', 'customer')
             GROUP BY contact_id) f
       WHERE first >= $1 AND first < $2 GROUP BY 1`,
      [new Date(start), now],
    );
    const expected = Object.fromEntries(rows.map((r) => [r.month, r.n]));
    expect(
      Object.fromEntries(result.handoffs.filter((h) => h.count > 0).map((h) => [h.month, h.count])),
    ).toEqual(expected);
    expect(rows.length).toBeGreaterThan(2);
  });

  for (const [index, name, model] of [
    [0, 'candidate', candidate],
    [1, 'active default model', defaultScoringModel],
  ] as const) {
    it(`agrees with the recomputation for the ${name}`, () => {
      const expected = recompute(model, raw);
      const figures = result.models[index]!;
      expect(result.cohort).toBe(expected.cohort);

      const months = Object.fromEntries(
        figures.months
          .filter((m) => m.qualified > 0)
          .map((m) => [
            m.month,
            { qualified: m.qualified, accepted: m.accepted, sql: m.sql, won: m.won },
          ]),
      );
      expect(months).toEqual(Object.fromEntries(expected.months));
      expect(figures.qualified).toBe(
        [...expected.months.values()].reduce((s, m) => s + m.qualified, 0),
      );
      expect(figures.qualifiedBefore).toBe(expected.qualifiedBefore);

      const bands = Object.fromEntries(
        figures.bands
          .filter((b) => b.contacts > 0)
          .map((b) => [
            b.band,
            {
              contacts: b.contacts,
              qualified: b.qualified,
              accepted: b.accepted,
              sql: b.sql,
              won: b.won,
            },
          ]),
      );
      expect(bands).toEqual(Object.fromEntries(expected.bands));
      for (const b of figures.bands)
        if (b.contacts > 0) expect(b.sqlRate).toBeCloseTo(b.sql / b.contacts, 12);

      expect(figures.ranking.positives).toBe(expected.positives);
      expect(figures.ranking.auc).not.toBeNull();
      expect(figures.ranking.auc!).toBeCloseTo(expected.auc!, 12);
      expect(figures.ranking.topDecileLift!).toBeCloseTo(expected.topDecileLift!, 12);
    });
  }

  it('is a history worth checking: qualifications in several months, by decay too, and both outcomes', () => {
    const [c, d] = result.models;
    expect(c!.months.filter((m) => m.qualified > 0).length).toBeGreaterThanOrEqual(3);
    expect(d!.qualified).toBeGreaterThan(0);
    expect(c!.ranking.positives).toBeGreaterThan(5);
    expect(c!.ranking.negatives).toBeGreaterThan(5);
    // At least one contact of the seed qualifies between events, as a penalty fades.
    const between = raw.filter((contact) => {
      if (contact.knownFrom >= end) return false;
      const q = firstQualification(candidate, contact);
      return (
        q !== null &&
        q !== contact.knownFrom &&
        !contact.events.some((e) => e.occurredAt.getTime() === q)
      );
    });
    expect(between.length).toBeGreaterThan(0);
  });

  it('gives the same figures whatever the page size', async () => {
    const again = await runBacktest({
      db,
      actor: systemActor,
      document: candidateDocument,
      from,
      to,
      now,
    });
    expect(again).toEqual(result);
  });
});
