import { describe, expect, it } from 'vitest';
import { planRates, reverseFunnel } from './reverse-funnel.js';

describe('reverse funnel', () => {
  it('measures the rates from the basis counts', () => {
    expect(planRates({ leads: 400, handed: 100, sqls: 40, deals: 10, revenue: 250_000 })).toEqual({
      averageDeal: 25_000,
      winRate: 0.25,
      sqlRate: 0.4,
      handRate: 0.25,
    });
    expect(planRates({ leads: 0, handed: 0, sqls: 0, deals: 0, revenue: 0 })).toEqual({
      averageDeal: null,
      winRate: null,
      sqlRate: null,
      handRate: null,
    });
  });

  it('turns a target into whole deals, SQLs, MQLs and leads, rounding each up', () => {
    const rates = planRates({ leads: 400, handed: 100, sqls: 40, deals: 10, revenue: 250_000 });
    expect(reverseFunnel(100_000, rates)).toEqual({
      revenue: 100_000,
      deals: 4,
      sqls: 16,
      mqls: 40,
      leads: 160,
    });
    // 110,000 needs 4.4 deals: 5, then 20 SQLs, 50 MQLs, 200 leads.
    expect(reverseFunnel(110_000, rates)).toMatchObject({
      deals: 5,
      sqls: 20,
      mqls: 50,
      leads: 200,
    });
    // 0.1 + 0.2 style noise must not add a deal: 3 / 0.3 is 10.000000000000002.
    expect(reverseFunnel(3, { averageDeal: 1, winRate: 0.3, sqlRate: 1, handRate: 1 })?.sqls).toBe(
      10,
    );
  });

  it('has no need without a target or with a rate unknown or 0', () => {
    const rates = { averageDeal: 10, winRate: 0.5, sqlRate: 0.5, handRate: 0.5 };
    expect(reverseFunnel(null, rates)).toBeNull();
    expect(reverseFunnel(100, { ...rates, winRate: null })).toBeNull();
    expect(reverseFunnel(100, { ...rates, sqlRate: 0 })).toBeNull();
    expect(reverseFunnel(0, rates)).toEqual({ revenue: 0, deals: 0, sqls: 0, mqls: 0, leads: 0 });
  });
});
