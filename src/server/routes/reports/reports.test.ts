import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import {
  type Caller,
  startTestApp,
  type TestApp,
  type TestMemberName,
  tableCounts,
} from '../../../../test/support/test-app.js';

const now = Date.now();
const daysAgo = (n: number) => new Date(now - n * 86_400_000);
const url = '/api/v1/reports/source-quality';

type Touch = [source: string, medium: string, campaign: string | null];
type Move = [from: string | null, to: string, days: number, code?: string, amount?: number];

/**
 * Six contacts whose figures are worked out by hand below. F was rejected as a
 * student, brought back and accepted: both count for the cohort it entered
 * first; from 45 days back only its second handoff is in the period.
 */
const contacts: {
  key: string;
  first: Touch;
  last: Touch;
  persona: string | null;
  moves: Move[];
}[] = [
  {
    key: 'a',
    first: ['google', 'cpc', 'q3-demand-gen'],
    last: ['linkedin', 'social', 'webinar-series'],
    persona: 'revops-leader',
    moves: [
      [null, 'lead', 40],
      ['lead', 'mql', 30],
      ['mql', 'sal', 29],
      ['sal', 'sql', 20],
      ['sql', 'opportunity', 15],
      ['opportunity', 'customer', 5, undefined, 25_000.5],
    ],
  },
  {
    key: 'b',
    first: ['google', 'organic', null],
    last: ['google', 'organic', null],
    persona: null,
    moves: [
      [null, 'mql', 25],
      ['mql', 'recycled', 24, 'no_budget'],
    ],
  },
  {
    key: 'c',
    first: ['linkedin', 'social', 'webinar-series'],
    last: ['linkedin', 'social', 'webinar-series'],
    persona: 'demand-gen-marketer',
    moves: [
      [null, 'pql', 20],
      ['pql', 'sal', 19],
      ['sal', 'sql', 10],
      ['sql', 'recycled', 5, 'lost_price'],
    ],
  },
  {
    key: 'd',
    first: ['google', 'cpc', 'q3-demand-gen'],
    last: ['google', 'cpc', 'q3-demand-gen'],
    persona: null,
    moves: [
      [null, 'mql', 400],
      ['mql', 'sal', 399],
    ],
  },
  {
    key: 'e',
    first: ['linkedin', 'social', 'webinar-series'],
    last: ['linkedin', 'social', 'webinar-series'],
    persona: null,
    moves: [[null, 'mql', 10]],
  },
  {
    key: 'f',
    first: ['newsletter', 'email', null],
    last: ['newsletter', 'email', null],
    persona: null,
    moves: [
      [null, 'mql', 60],
      ['mql', 'disqualified', 59, 'student'],
      ['disqualified', 'lead', 50],
      ['lead', 'mql', 20],
      ['mql', 'sal', 19],
    ],
  },
];

describe.each(databaseTargets)('reports API on $name', (target) => {
  let t: TestApp;
  let apiKey: string;
  beforeAll(async () => {
    t = await startTestApp(target);
    for (const c of contacts) {
      const { rows } = await t.db.query<{ id: string }>(
        `INSERT INTO contacts (email, persona_key, first_touch_source, first_touch_medium, first_touch_campaign,
                               last_touch_source, last_touch_medium, last_touch_campaign, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [`${c.key}@acme.test`, c.persona, ...c.first, ...c.last, daysAgo(500)],
      );
      for (const [from, to, days, code, amount] of c.moves)
        await t.db.query(
          `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, reason_code, amount, occurred_at)
           VALUES ($1, $2, $3, 'system', $4, $5, $6)`,
          [rows[0]!.id, from, to, code ?? null, amount ?? null, daysAgo(days)],
        );
    }
    const created = await t.request(await t.signIn('admin'), {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'bi tool', scopes: ['read'] },
    });
    apiKey = created.json().key;
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (as: TestMemberName | Caller | null, query = '', headers = {}) =>
    t.request(typeof as === 'string' ? await t.signIn(as) : as, {
      method: 'GET',
      url: `${url}${query}`,
      headers,
    });

  const figures = (r: { rows: Record<string, unknown>[] }) =>
    r.rows.map((x) => [x.group, x.handed, x.accepted, x.sql, x.won, x.rejected, x.lost]);

  it('gives every role (and a read key) the same figures, and writes nothing', async () => {
    const roles = ['admin', 'marketer', 'manager', 'rep', 'otherRep'] as const;
    // Signing in writes audit entries; reading the report must write nothing.
    for (const role of roles) await t.signIn(role);
    const before = await tableCounts(t.db);
    const bodies: unknown[] = [];
    for (const role of roles) {
      const res = await get(role, '?to=2100-01-01&from=2000-01-01');
      expect(res.statusCode, role).toBe(200);
      bodies.push(res.json());
    }
    const byKey = await t.app.inject({
      method: 'GET',
      url: `${url}?to=2100-01-01&from=2000-01-01`,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(byKey.statusCode).toBe(200);
    bodies.push(byKey.json());
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(await tableCounts(t.db)).toEqual(before);
    const anonymous = await get(null);
    expect(anonymous.statusCode).toBe(401);
  });

  it('groups the last 12 months by first-touch source, with rates, revenue and reasons', async () => {
    const res = await get('rep');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const r = res.json();
    expect(r).toMatchObject({ groupBy: 'source', touch: 'first', definitionsVersion: 1 });
    const span = Date.parse(r.period.to) - Date.parse(r.period.from);
    expect(span / 86_400_000).toBeGreaterThanOrEqual(365);
    expect(span / 86_400_000).toBeLessThanOrEqual(366);
    // D was handed over 400 days ago: outside the default period.
    expect(figures(r)).toEqual([
      ['google', 2, 1, 1, 1, 1, 0],
      ['linkedin', 2, 1, 1, 0, 0, 1],
      ['newsletter', 1, 1, 0, 0, 1, 0],
    ]);
    const google = r.rows[0];
    expect(google).toMatchObject({
      label: 'google',
      acceptanceRate: 0.5,
      sqlRate: 0.5,
      winRate: 0.5,
      revenue: 25_000.5,
      rejectReasons: [{ code: 'no_budget', label: 'No budget this year', count: 1 }],
      lostReasons: [],
    });
    expect(r.rows[1].lostReasons).toEqual([{ code: 'lost_price', label: 'Lost: price', count: 1 }]);
    expect(r.rows[2].rejectReasons).toEqual([{ code: 'student', label: 'Student', count: 1 }]);
    expect(r.totals).toMatchObject({
      handed: 5,
      accepted: 3,
      acceptanceRate: 0.6,
      sql: 2,
      won: 1,
      winRate: 0.2,
      revenue: 25_000.5,
      rejected: 2,
      lost: 1,
    });
    expect(r.reasonCodes).toContainEqual({ key: 'student', label: 'Student', kind: 'reject' });
  });

  it('groups by campaign, last touch and persona, naming personas and the contacts without one', async () => {
    const campaign = (await get('marketer', '?groupBy=campaign')).json();
    expect(figures(campaign)).toEqual([
      ['webinar-series', 2, 1, 1, 0, 0, 1],
      ['(none)', 2, 1, 0, 0, 2, 0],
      ['q3-demand-gen', 1, 1, 1, 1, 0, 0],
    ]);
    const last = (await get('marketer', '?groupBy=source&touch=last')).json();
    expect(figures(last)).toEqual([
      ['linkedin', 3, 2, 2, 1, 0, 1],
      ['google', 1, 0, 0, 0, 1, 0],
      ['newsletter', 1, 1, 0, 0, 1, 0],
    ]);
    const persona = (await get('manager', '?groupBy=persona')).json();
    expect(persona.rows.map((x: { group: string; label: string }) => [x.group, x.label])).toEqual([
      ['(none)', '(none)'],
      ['demand-gen-marketer', 'Demand generation marketer'],
      ['revops-leader', 'Revenue operations leader'],
    ]);
    expect(persona.rows[0].handed).toBe(3);
  });

  it('takes a period: the cohort is the first handoff within it', async () => {
    const from = daysAgo(45).toISOString();
    const r = (await get('rep', `?from=${encodeURIComponent(from)}`)).json();
    // F's first handoff (60 days ago, rejected) is before the period; its second was accepted.
    const newsletter = r.rows.find((x: { group: string }) => x.group === 'newsletter');
    expect(newsletter).toMatchObject({ handed: 1, accepted: 1, rejected: 0, rejectReasons: [] });
    const all = (await get('rep', '?from=2000-01-01&to=2100-01-01')).json();
    expect(all.totals.handed).toBe(6);
    const empty = (await get('rep', '?from=2000-01-01&to=2000-02-01')).json();
    expect(empty.rows).toEqual([]);
    expect(empty.totals).toMatchObject({ handed: 0, acceptanceRate: null, winRate: null });
  });

  it('answers CSV for ?format=csv and for Accept: text/csv', async () => {
    const byParam = await get('rep', '?groupBy=medium');
    const csv = await get('rep', '?groupBy=medium&format=csv');
    const byAccept = await get('rep', '?groupBy=medium', { accept: 'text/csv' });
    for (const res of [csv, byAccept]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="source-quality-by-medium-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
    }
    expect(byAccept.body).toBe(csv.body);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(
      /^medium,label,handed,accepted,acceptance_rate,sql,sql_rate,won,win_rate,revenue,rejected,lost,rejected:not_ready,/,
    );
    expect(lines[0]).toContain(',lost:lost_price,');
    const json = byParam.json();
    expect(lines).toHaveLength(json.rows.length + 2);
    expect(lines.at(-1)).toMatch(/^\(total\),Total,5,3,0\.6,2,0\.4,1,0\.2,25000\.5,2,1,/);
    // Asking for JSON explicitly wins over the Accept header.
    const explicit = await get('rep', '?format=json', { accept: 'text/csv' });
    expect(explicit.headers['content-type']).toMatch(/^application\/json/);
  });

  it('is documented with both answers in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/reports/source-quality'].get;
    expect(Object.keys(op.responses['200'].content).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'format',
      'from',
      'groupBy',
      'to',
      'touch',
    ]);
  });

  it('refuses bad options with a 400 problem naming the field', async () => {
    const cases: [string, string][] = [
      ['?groupBy=country', 'groupBy'],
      ['?touch=middle', 'touch'],
      ['?format=xml', 'format'],
      ['?from=yesterday', 'from'],
      ['?to=2026-02-30', 'to'],
      ['?from=2026-03-01&to=2026-03-01', 'from'],
      ['?from=2026-03-01T10:00', 'from'],
      ['?colour=blue', 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await get('rep', query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const p = res.json();
      expect(p.code).toBe('validation_failed');
      expect(p.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // A refusal stays problem+json when the caller asked for CSV.
    const csv = await get('rep', '?groupBy=country&format=csv');
    expect(csv.statusCode).toBe(400);
    expect(csv.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
