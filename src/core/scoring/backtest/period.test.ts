import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app-error.js';
import { monthKey, monthOf, monthStart, parseMonth, resolvePeriod } from './period.js';

const now = new Date('2026-11-23T10:00:00Z');

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('months', () => {
  it('reads YYYY-MM and writes it back, for any month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970 * 12, max: 9999 * 12 + 11 }), (m) => {
        expect(parseMonth(monthKey(m))).toBe(m);
        expect(monthOf(monthStart(m))).toBe(m);
        expect(monthOf(monthStart(m + 1) - 1)).toBe(m);
      }),
    );
  });

  it('refuses what is not a month', () => {
    for (const text of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', ' 2026-01', ''])
      expect(parseMonth(text)).toBeNull();
  });
});

describe('resolvePeriod', () => {
  it('covers whole UTC months, both ends included, and stops history at now', () => {
    const p = resolvePeriod({ from: '2026-09', to: '2026-11', now, earliest: null });
    expect(new Date(p.start).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(new Date(p.end).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(p.evaluatedAt).toBe(now.getTime());
    const past = resolvePeriod({ from: '2026-01', to: '2026-02', now, earliest: null });
    expect(new Date(past.evaluatedAt).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('defaults to the last 12 months up to now, starting no earlier than the first contact', () => {
    const year = resolvePeriod({ now, earliest: new Date('2020-05-05T00:00:00Z') });
    expect([monthKey(year.from), monthKey(year.to)]).toEqual(['2025-12', '2026-11']);
    const young = resolvePeriod({ now, earliest: new Date('2026-08-30T23:59:59Z') });
    expect([monthKey(young.from), monthKey(young.to)]).toEqual(['2026-08', '2026-11']);
    const empty = resolvePeriod({ now, earliest: null });
    expect([monthKey(empty.from), monthKey(empty.to)]).toEqual(['2026-11', '2026-11']);
    const until = resolvePeriod({ to: '2026-03', now, earliest: new Date('2026-08-01') });
    expect([monthKey(until.from), monthKey(until.to)]).toEqual(['2026-03', '2026-03']);
  });

  it('names each bad field', () => {
    const bad = refusal(() => resolvePeriod({ from: 'May', to: '2026-13', now, earliest: null }));
    expect(bad.code).toBe('validation_failed');
    expect(bad.fields.map((f) => f.field)).toEqual(['from', 'to']);
    const backwards = refusal(() =>
      resolvePeriod({ from: '2026-05', to: '2026-04', now, earliest: null }),
    );
    expect(backwards.fields).toEqual([
      { field: 'from', message: 'must not be after to (2026-04)' },
    ]);
    const long = refusal(() =>
      resolvePeriod({ from: '2020-01', to: '2025-01', now, earliest: null }),
    );
    expect(long.message).toMatch(/at most 60 months/);
  });
});
