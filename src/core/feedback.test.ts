import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import {
  type HandedLead,
  labelFeedback,
  parsePeriodBound,
  resolveFeedbackPeriod,
  type SourceQualityReport,
  sourceQualityCsv,
  summarizeFeedback,
} from './feedback.js';

const at = new Date('2026-10-01T10:00:00Z');
let n = 0;

function lead(group: string | null, outcome: Partial<HandedLead> = {}): HandedLead {
  return {
    contactId: `c${++n}`,
    group,
    handedAt: at,
    acceptedAt: null,
    sql: false,
    won: false,
    amount: null,
    rejected: false,
    rejectCode: null,
    lost: false,
    lostCode: null,
    ...outcome,
  };
}

const accepted = { acceptedAt: at };
const won = (amount: number | null) => ({ ...accepted, sql: true, won: true, amount });

describe('summarizeFeedback', () => {
  const leads = [
    lead('google', won(12_000.1)),
    lead('google', won(30_000.2)),
    lead('google', { ...accepted, sql: true, lost: true, lostCode: 'lost_price' }),
    lead('google', { rejected: true, rejectCode: 'no_budget' }),
    lead('linkedin', { rejected: true, rejectCode: 'no_budget' }),
    lead('linkedin', { rejected: true, rejectCode: 'student' }),
    lead('linkedin', { rejected: true, rejectCode: null }),
    lead('linkedin'),
    lead(null, accepted),
    // Rejected, recycled, qualified again and accepted: both facts count.
    lead('g2', { ...accepted, rejected: true, rejectCode: 'not_ready' }),
  ];
  const summary = summarizeFeedback(leads);

  it('counts each group, rates as shares of the leads handed over', () => {
    const google = summary.groups.find((g) => g.group === 'google')!;
    expect(google).toEqual({
      group: 'google',
      handed: 4,
      accepted: 3,
      acceptanceRate: 0.75,
      sql: 3,
      sqlRate: 0.75,
      won: 2,
      winRate: 0.5,
      revenue: 42_000.3,
      rejected: 1,
      rejectReasons: [{ code: 'no_budget', count: 1 }],
      lost: 1,
      lostReasons: [{ code: 'lost_price', count: 1 }],
    });
    const linkedin = summary.groups.find((g) => g.group === 'linkedin')!;
    expect(linkedin).toMatchObject({ handed: 4, accepted: 0, acceptanceRate: 0, winRate: 0 });
    // Most frequent first, ties by code, the uncoded last.
    expect(linkedin.rejectReasons).toEqual([
      { code: 'no_budget', count: 1 },
      { code: 'student', count: 1 },
      { code: null, count: 1 },
    ]);
  });

  it('orders groups by leads handed, then by name, with "none" last', () => {
    expect(summary.groups.map((g) => [g.group, g.handed])).toEqual([
      ['google', 4],
      ['linkedin', 4],
      ['g2', 1],
      [null, 1],
    ]);
  });

  it('adds the groups up in a totals row', () => {
    const t = summary.totals;
    expect(t).toMatchObject({ handed: 10, accepted: 5, sql: 3, won: 2, rejected: 5, lost: 1 });
    expect(t.acceptanceRate).toBe(0.5);
    expect(t.revenue).toBe(42_000.3);
    expect(t.rejectReasons).toEqual([
      { code: 'no_budget', count: 2 },
      { code: 'not_ready', count: 1 },
      { code: 'student', count: 1 },
      { code: null, count: 1 },
    ]);
    for (const key of ['handed', 'accepted', 'sql', 'won', 'rejected', 'lost'] as const)
      expect(summary.groups.reduce((s, g) => s + g[key], 0)).toBe(t[key]);
  });

  it('counts a win without an amount, adding nothing to revenue', () => {
    const s = summarizeFeedback([lead('x', won(null)), lead('x', won(0.1)), lead('x', won(0.2))]);
    expect(s.totals).toMatchObject({ won: 3, revenue: 0.3 });
  });

  it('gives null rates and no groups when nothing was handed over', () => {
    expect(summarizeFeedback([])).toEqual({
      groups: [],
      totals: {
        handed: 0,
        accepted: 0,
        acceptanceRate: null,
        sql: 0,
        sqlRate: null,
        won: 0,
        winRate: null,
        revenue: 0,
        rejected: 0,
        rejectReasons: [],
        lost: 0,
        lostReasons: [],
      },
    });
  });
});

describe('labelFeedback and the CSV file', () => {
  const summary = summarizeFeedback([
    lead('revops-leader', won(25_000)),
    lead('revops-leader', { rejected: true, rejectCode: 'student' }),
    lead(null, { rejected: true, rejectCode: 'retired_code' }),
    lead('=cmd', { ...accepted, sql: true, lost: true, lostCode: null }),
  ]);
  const labels = {
    groups: new Map([['revops-leader', 'Revenue operations leader']]),
    reasons: new Map([
      ['student', 'Student'],
      ['no_budget', 'No budget this year'],
      ['lost_price', 'Lost: price'],
    ]),
  };
  const labelled = labelFeedback(summary, labels);
  const report: SourceQualityReport = {
    groupBy: 'persona',
    touch: 'first',
    period: { from: new Date('2025-11-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') },
    definitionsVersion: 1,
    reasonCodes: [
      { key: 'no_budget', label: 'No budget this year', kind: 'reject' },
      { key: 'student', label: 'Student', kind: 'reject' },
      { key: 'lost_price', label: 'Lost: price', kind: 'lost' },
    ],
    ...labelled,
  };

  it('names groups and reasons, falling back to the value or the code', () => {
    expect(labelled.rows.map((r) => [r.group, r.label])).toEqual([
      ['revops-leader', 'Revenue operations leader'],
      ['=cmd', '=cmd'],
      ['(none)', '(none)'],
    ]);
    expect(labelled.rows[2]!.rejectReasons).toEqual([
      { code: 'retired_code', label: 'retired_code', count: 1 },
    ]);
    expect(labelled.totals.lostReasons).toEqual([
      { code: null, label: '(no reason code)', count: 1 },
    ]);
  });

  it('writes a row per group and a totals row, a column per reason code', () => {
    const lines = sourceQualityCsv(report).split('\r\n');
    expect(lines[0]).toBe(
      'persona,label,handed,accepted,acceptance_rate,sql,sql_rate,won,win_rate,revenue,rejected,lost,rejected:no_budget,rejected:student,rejected:retired_code,lost:lost_price,lost:(none)',
    );
    expect(lines[1]).toBe(
      'revops-leader,Revenue operations leader,2,1,0.5,1,0.5,1,0.5,25000,1,0,0,1,0,0,0',
    );
    // A group that looks like a formula stays text.
    expect(lines[2]).toBe("'=cmd,'=cmd,1,1,1,1,1,0,0,0,0,1,0,0,0,0,1");
    expect(lines[3]).toBe('(none),(none),1,0,0,0,0,0,0,0,1,0,0,0,1,0,0');
    expect(lines[4]).toBe('(total),Total,4,2,0.5,2,0.5,1,0.25,25000,2,1,0,1,1,0,1');
    expect(lines[5]).toBe('');
  });

  it('rounds rates to four places and leaves unknown rates empty', () => {
    const thirds = summarizeFeedback([lead('a', accepted), lead('a'), lead('a')]);
    const csv = sourceQualityCsv({ ...report, ...labelFeedback(thirds, labels) });
    expect(csv.split('\r\n')[1]).toMatch(/^a,a,3,1,0\.3333,0,0,0,0,0,0,0,/);
    const empty = sourceQualityCsv({ ...report, ...labelFeedback(summarizeFeedback([]), labels) });
    expect(empty.split('\r\n')[1]).toBe('(total),Total,0,0,,0,,0,,0,0,0,0,0,0');
  });
});

describe('the period', () => {
  const now = new Date('2026-03-31T15:30:00Z');

  it('reads days as UTC midnight and date-times with their offset', () => {
    expect(parsePeriodBound('2026-02-28')).toEqual(new Date('2026-02-28T00:00:00Z'));
    expect(parsePeriodBound('2026-02-28T09:00:00+01:00')).toEqual(new Date('2026-02-28T08:00:00Z'));
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', 'yesterday', '2026-02-28T09:00'])
      expect(parsePeriodBound(bad), bad).toBeNull();
  });

  it('defaults to the 12 months up to now', () => {
    expect(resolveFeedbackPeriod({ now })).toEqual({
      from: new Date('2025-03-31T15:30:00Z'),
      to: now,
    });
    // A year back from 29 February is 28 February.
    expect(resolveFeedbackPeriod({ now, to: '2028-02-29' }).from.toISOString().slice(0, 10)).toBe(
      '2027-02-28',
    );
    expect(resolveFeedbackPeriod({ now, from: '2026-01-01' })).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: now,
    });
  });

  it('refuses bad dates and a period that ends before it starts, naming the field', () => {
    const refusal = (request: { from?: string; to?: string }) => {
      try {
        resolveFeedbackPeriod({ now, ...request });
      } catch (error) {
        return error instanceof AppError ? error.fields.map((f) => f.field) : error;
      }
      return null;
    };
    expect(refusal({ from: 'last year', to: '2026-02-31' })).toEqual(['from', 'to']);
    expect(refusal({ from: '2026-03-01', to: '2026-03-01' })).toEqual(['from']);
    expect(refusal({ from: '2026-04-01' })).toEqual(['from']);
  });
});
