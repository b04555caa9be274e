import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import {
  type Caller,
  startTestApp,
  type TestApp,
  type TestMemberName,
} from '../../../../test/support/test-app.js';

type Move = [from: string, to: string, at: string, code?: string, amount?: number];

/** Three contacts whose figures are worked out by hand in the tests below. */
const contacts: {
  key: string;
  createdAt: string;
  stage: string;
  source: string | null;
  campaign: string | null;
  moves: Move[];
}[] = [
  {
    key: 'a',
    createdAt: '2026-03-10T12:00:00Z',
    stage: 'customer',
    source: 'google',
    campaign: 'q1',
    moves: [
      ['lead', 'mql', '2026-03-12T12:00:00Z'],
      ['mql', 'sal', '2026-03-13T12:00:00Z'],
      ['sal', 'sql', '2026-04-01T12:00:00Z'],
      ['sql', 'opportunity', '2026-04-10T12:00:00Z'],
      ['opportunity', 'customer', '2026-05-02T12:00:00Z', undefined, 1000],
    ],
  },
  {
    key: 'b',
    createdAt: '2026-03-20T12:00:00Z',
    stage: 'recycled',
    source: 'linkedin',
    campaign: null,
    moves: [
      ['lead', 'mql', '2026-03-21T12:00:00Z'],
      ['mql', 'recycled', '2026-03-22T12:00:00Z', 'no_budget'],
    ],
  },
  {
    key: 'c',
    createdAt: '2026-04-05T12:00:00Z',
    stage: 'lead',
    source: null,
    campaign: null,
    moves: [],
  },
];

describe.each(databaseTargets)('shared reports and plan API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
    for (const c of contacts) {
      const { rows } = await t.db.query<{ id: string }>(
        `INSERT INTO contacts (email, lifecycle_stage, first_touch_source, first_touch_campaign,
                               last_touch_source, last_touch_campaign, created_at)
         VALUES ($1, $2, $3, $4, $3, $4, $5) RETURNING id`,
        [`${c.key}@acme.test`, c.stage, c.source, c.campaign, c.createdAt],
      );
      for (const [from, to, at, code, amount] of c.moves)
        await t.db.query(
          `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, reason_code, amount, occurred_at)
           VALUES ($1, $2, $3, 'system', $4, $5, $6)`,
          [rows[0]!.id, from, to, code ?? null, amount ?? null, at],
        );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const call = async (
    as: TestMemberName | null,
    url: string,
    options: { method?: 'GET' | 'PUT'; payload?: unknown; headers?: Record<string, string> } = {},
  ) =>
    t.request(as === null ? null : ((await t.signIn(as)) as Caller), {
      method: options.method ?? 'GET',
      url: `/api/v1${url}`,
      payload: options.payload as never,
      headers: options.headers,
    });

  it('counts each cohort through the funnel, with conversions along the main path and splits', async () => {
    const res = await call('rep', '/reports/funnel?from=2026-03&to=2026-04&split=source');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({
      from: '2026-03',
      to: '2026-04',
      split: 'source',
      pending: 0,
      definitionsVersion: 1,
    });
    expect(r.steps.map((s: { key: string }) => s.key)).toEqual([
      'subscriber',
      'lead',
      'mql',
      'pql',
      'cql',
      'qualified',
      'sal',
      'sql',
      'opportunity',
      'customer',
      'recycled',
      'disqualified',
    ]);
    expect(r.rows.map((x: { key: string | null; counts: number[] }) => [x.key, x.counts])).toEqual([
      ['__all__', [3, 3, 2, 0, 0, 2, 1, 1, 1, 1, 1, 0]],
      [null, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
      ['google', [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0]],
      ['linkedin', [1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0]],
    ]);
    expect(r.rows[1].label).toBe('(none)');
    expect(r.rows[0].conversions).toEqual([
      null,
      1,
      null,
      null,
      null,
      2 / 3,
      0.5,
      1,
      1,
      1,
      null,
      null,
    ]);
    expect(r.cohorts).toEqual([
      { month: '2026-03', counts: [2, 2, 2, 0, 0, 2, 1, 1, 1, 1, 1, 0] },
      { month: '2026-04', counts: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    ]);
    // A month with no cohort is listed with zeros; a range without contacts has only the total row.
    const empty = (await call('marketer', '/reports/funnel?from=2025-01&to=2025-02')).json();
    expect(empty.rows).toEqual([
      {
        key: '__all__',
        label: 'All',
        counts: Array(12).fill(0),
        conversions: Array(12).fill(null),
      },
    ]);
    expect(empty.cohorts.map((c: { month: string }) => c.month)).toEqual(['2025-01', '2025-02']);
  });

  it('measures the stays in each stage, and lead quality, attribution and the summary', async () => {
    const v = (await call('rep', '/reports/velocity?from=2026-03&to=2026-04')).json();
    const lead = v.rows[0].stages.find((s: { key: string }) => s.key === 'lead');
    // A stayed 48 h in lead, B 24 h: mean 36 h exactly, median the shorter within 2.5%.
    expect(lead).toMatchObject({ stays: 2, meanHours: 36 });
    expect(Math.abs(lead.medianHours - 24) / 24).toBeLessThan(0.026);
    expect(Math.abs(lead.p90Hours - 48) / 48).toBeLessThan(0.026);

    const q = (await call('rep', '/reports/lead-quality?from=2026-03&to=2026-05')).json();
    expect(
      q.rows.map((x: Record<string, unknown>) => [
        x.key,
        x.handed,
        x.accepted,
        x.rejected,
        x.sql,
        x.won,
        x.revenue,
      ]),
    ).toEqual([
      ['google', 1, 1, 0, 1, 1, 1000],
      ['linkedin', 1, 0, 1, 0, 0, 0],
    ]);
    expect(q.rows[1].rejectReasons).toEqual([
      { code: 'no_budget', label: 'No budget this year', count: 1 },
    ]);
    expect(q.total).toMatchObject({ handed: 2, acceptanceRate: 0.5, winRate: 0.5, revenue: 1000 });

    const a = (
      await call('rep', '/reports/attribution?from=2026-05&to=2026-05&by=campaign&touch=last')
    ).json();
    expect(a.rows).toEqual([{ key: 'q1', label: 'q1', deals: 1, revenue: 1000, share: 1 }]);
    expect(a.total).toEqual({ deals: 1, revenue: 1000 });

    const s = (await call('rep', '/reports/summary?from=2026-03&to=2026-03')).json();
    expect(s.rows[0]).toMatchObject({ key: '__all__', revenue: 0 });
    expect(s.rows[0].entries).toMatchObject({
      lead: 2,
      mql: 2,
      qualified: 2,
      sal: 1,
      recycled: 1,
      sql: 0,
    });
    const byOwner = (await call('rep', '/reports/summary?from=2026-04&to=2026-05&by=owner')).json();
    expect(
      byOwner.rows.map((x: { key: string | null; revenue: number }) => [x.key, x.revenue]),
    ).toEqual([
      ['__all__', 1000],
      [null, 1000],
    ]);

    const sc = (await call('rep', '/reports/scoring?from=2026-03&to=2026-03')).json();
    expect(sc.bands).toEqual([
      { band: null, handed: 2, accepted: 1, sql: 1, won: 1, sqlRate: 0.5, winRate: 0.5 },
    ]);
    expect(sc.calibration).toHaveLength(10);
    expect(sc.calibration[9]).toMatchObject({ label: '90+', handed: 0, meanScore: null });
  });

  it('answers CSV for ?format=csv and for Accept: text/csv', async () => {
    const res = await call('rep', '/reports/funnel?from=2026-03&to=2026-04&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('funnel-none-2026-03-2026-04.csv');
    expect(res.body.split('\r\n').slice(0, 2)).toEqual([
      'group,label,subscriber,lead,mql,pql,cql,qualified,sal,sql,opportunity,customer,recycled,disqualified',
      '__all__,All,3,3,2,0,0,2,1,1,1,1,1,0',
    ]);
    const byAccept = await call('marketer', '/reports/attribution?from=2026-05&to=2026-05', {
      headers: { accept: 'text/csv' },
    });
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.body).toBe(
      'source,label,deals,revenue,share\r\n__total__,Total,1,1000,1\r\ngoogle,google,1,1000,1\r\n',
    );
    for (const path of ['velocity', 'lead-quality', 'scoring', 'summary']) {
      const r = await call('rep', `/reports/${path}?format=csv`);
      expect(r.statusCode, path).toBe(200);
      expect(r.headers['content-type'], path).toMatch(/^text\/csv/);
    }
    const plan = await call('rep', '/plan?month=2026-05&format=csv');
    expect(plan.body).toContain('2026-05,revenue,,1000\r\n');
  });

  it('refuses bad months, splits and ranges with a problem naming the field', async () => {
    const bad = [
      '/reports/funnel?from=2026-13',
      '/reports/funnel?to=2026-1',
      '/reports/funnel?split=country',
      '/reports/velocity?split=owner',
      '/reports/lead-quality?touch=middle',
      '/reports/attribution?by=persona',
      '/reports/summary?by=persona',
      '/reports/summary?owner=not-a-uuid',
      '/reports/funnel?from=2026-05&to=2026-04',
      '/reports/scoring?from=2000-01&to=2026-04',
      '/plan?month=2026-00',
    ];
    for (const url of bad) {
      const res = await call('rep', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.json().errors?.length, url).toBeGreaterThan(0);
    }
    expect((await call(null, '/reports/funnel')).statusCode).toBe(401);
  });

  it('keeps a plan: targets set by marketing or the manager, turned into needs at measured rates', async () => {
    const { rows } = await t.db.query<{
      document: { marketing: { mqls_per_rep?: { perMonth: number } } };
    }>("SELECT document FROM sla_contracts WHERE status = 'active'");
    const perRep = rows[0]?.document.marketing.mqls_per_rep?.perMonth;
    const quota = perRep === undefined ? null : perRep * 2; // rep and otherRep

    const may = await call('rep', '/plan?month=2026-05');
    expect(may.statusCode).toBe(200);
    expect(may.json()).toMatchObject({
      month: '2026-05',
      revenueTarget: null,
      basis: { from: '2025-05', to: '2026-04' },
      // No deal was won in the basis: no average deal, no win rate, no need.
      rates: { averageDeal: null, winRate: 0, sqlRate: 0.5, handRate: 2 / 3 },
      needed: null,
      actual: { revenue: 1000, deals: 1, sqls: 0, mqls: 0, leads: 0 },
      slaQuota: quota,
    });

    const refused = await call('rep', '/plan/2026-06', {
      method: 'PUT',
      payload: { revenueTarget: 5000 },
    });
    expect(refused.statusCode).toBe(403);
    const set = await call('marketer', '/plan/2026-06', {
      method: 'PUT',
      payload: { revenueTarget: 5000 },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      month: '2026-06',
      revenueTarget: 5000,
      rates: { averageDeal: 1000, winRate: 1, sqlRate: 0.5, handRate: 2 / 3 },
      // 5 deals of 1,000; 5 SQLs at a win rate of 1; 10 MQLs at 0.5; 15 leads at 2/3.
      needed: { revenue: 5000, deals: 5, sqls: 5, mqls: 10, leads: 15 },
      actual: { revenue: 0, deals: 0, sqls: 0, mqls: 0, leads: 0 },
    });
    const again = await call('manager', '/plan/2026-06', {
      method: 'PUT',
      payload: { revenueTarget: 2500 },
    });
    expect(again.json().needed).toEqual({ revenue: 2500, deals: 3, sqls: 3, mqls: 6, leads: 9 });
    expect((await call('rep', '/plan?month=2026-06')).json().revenueTarget).toBe(2500);
    const audit = await t.db.query<{ subject_id: string; changes: unknown }>(
      "SELECT subject_id, changes FROM audit_log WHERE action = 'plan.set' ORDER BY id",
    );
    expect(audit.rows).toEqual([
      { subject_id: '2026-06', changes: { revenueTarget: { from: null, to: 5000 } } },
      { subject_id: '2026-06', changes: { revenueTarget: { from: 5000, to: 2500 } } },
    ]);

    for (const [url, payload] of [
      ['/plan/2026-06', { revenueTarget: -1 }],
      ['/plan/2026-13', { revenueTarget: 10 }],
      ['/plan/2026-06', { revenueTarget: '10' }],
      ['/plan/2026-06', {}],
    ] as const) {
      const res = await call('admin', url, { method: 'PUT', payload });
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await call('rep', '/plan?month=2026-06')).json().revenueTarget).toBe(2500);
  });
});
