import { describe, expect, it } from 'vitest';
import { attributionCsv, funnelCsv, leadQualityCsv, planCsv } from './report-csv.js';
import type { FunnelReport, LeadQualityFigures } from './report-types.js';

const lines = (csv: string) => csv.split('\r\n').filter((l) => l !== '');

describe('report CSV', () => {
  it('writes the funnel as counts, then conversions, then cohorts', () => {
    const report: FunnelReport = {
      from: '2026-10',
      to: '2026-11',
      split: 'source',
      definitionsVersion: 1,
      pending: 0,
      steps: [
        { key: 'lead', label: 'Lead' },
        { key: 'sal', label: 'SAL' },
      ],
      rows: [
        { key: '__all__', label: 'All', counts: [4, 1], conversions: [null, 0.25] },
        { key: null, label: '(none)', counts: [3, 0], conversions: [null, 0] },
        { key: '=cmd', label: '=cmd', counts: [1, 1], conversions: [null, 1] },
      ],
      cohorts: [
        { month: '2026-10', counts: [1, 0] },
        { month: '2026-11', counts: [3, 1] },
      ],
    };
    expect(lines(funnelCsv(report))).toEqual([
      'source,label,lead,sal',
      '__all__,All,4,1',
      ',(none),3,0',
      "'=cmd,'=cmd,1,1",
      '__all__,All (conversion),,0.25',
      ',(none) (conversion),,0',
      "'=cmd,'=cmd (conversion),,1",
      'cohort:2026-10,2026-10,1,0',
      'cohort:2026-11,2026-11,3,1',
    ]);
  });

  it('gives a column per reason code in force and a total row', () => {
    const f: LeadQualityFigures = {
      handed: 3,
      accepted: 1,
      rejected: 1,
      sql: 1,
      won: 1,
      lost: 0,
      revenue: 1200.5,
      acceptanceRate: 1 / 3,
      sqlRate: 1 / 3,
      winRate: 1 / 3,
      rejectReasons: [{ code: 'no_budget', label: 'No budget', count: 1 }],
      lostReasons: [],
    };
    const csv = leadQualityCsv({
      from: '2026-01',
      to: '2026-12',
      touch: 'first',
      by: 'source',
      definitionsVersion: 1,
      pending: 0,
      reasonCodes: [
        { key: 'no_budget', label: 'No budget', kind: 'reject' },
        { key: 'lost_price', label: 'Price', kind: 'lost' },
      ],
      rows: [{ key: 'google', label: 'google', ...f }],
      total: f,
    });
    expect(lines(csv)).toEqual([
      'source,label,handed,accepted,acceptance_rate,rejected,sql,sql_rate,won,win_rate,lost,revenue,reject:no_budget,lost:lost_price',
      '__total__,Total,3,1,0.3333,1,1,0.3333,1,0.3333,0,1200.5,1,0',
      'google,google,3,1,0.3333,1,1,0.3333,1,0.3333,0,1200.5,1,0',
    ]);
  });

  it('writes attribution shares and the plan beside its actuals', () => {
    expect(
      lines(
        attributionCsv({
          from: '2026-01',
          to: '2026-12',
          touch: 'last',
          by: 'campaign',
          definitionsVersion: 1,
          pending: 0,
          rows: [{ key: 'q3', label: 'q3', deals: 2, revenue: 300, share: 1 }],
          total: { deals: 2, revenue: 300 },
        }),
      ),
    ).toEqual(['campaign,label,deals,revenue,share', '__total__,Total,2,300,1', 'q3,q3,2,300,1']);
    const plan = planCsv({
      month: '2026-12',
      revenueTarget: null,
      basis: { from: '2025-12', to: '2026-11' },
      rates: { averageDeal: null, winRate: null, sqlRate: null, handRate: null },
      needed: null,
      actual: { revenue: 10, deals: 1, sqls: 2, mqls: 3, leads: 4 },
      slaQuota: 15,
      definitionsVersion: 1,
      pending: 0,
    });
    expect(lines(plan)).toEqual([
      'month,figure,needed,actual',
      '2026-12,revenue,,10',
      '2026-12,deals,,1',
      '2026-12,sqls,,2',
      '2026-12,mqls,,3',
      '2026-12,leads,,4',
      '2026-12,sla_mql_quota,15,3',
    ]);
  });
});
