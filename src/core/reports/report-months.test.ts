import { describe, expect, it } from 'vitest';
import { isAppError } from '../app-error.js';
import { addMonths, monthsOf, planBasis, resolveReportRange } from './report-months.js';

const now = new Date('2026-12-05T09:00:00Z');

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, fields: error.fields.map((f) => f.field) };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('report months', () => {
  it('defaults to the 12 months ending with the current one', () => {
    expect(resolveReportRange({ now })).toEqual({ from: '2026-01', to: '2026-12' });
    expect(monthsOf(resolveReportRange({ now }))).toHaveLength(12);
    expect(resolveReportRange({ to: '2026-03', now })).toEqual({ from: '2025-04', to: '2026-03' });
    expect(resolveReportRange({ from: '2026-11', now })).toEqual({
      from: '2026-11',
      to: '2026-12',
    });
  });

  it('counts months across years, both ends included', () => {
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 13)).toBe('2027-01');
    expect(planBasis('2026-03')).toEqual({ from: '2025-03', to: '2026-02' });
  });

  it('refuses bad months, a backwards range and a range over ten years', () => {
    expect(refusal(() => resolveReportRange({ from: '2026-13', now }))).toEqual({
      code: 'validation_failed',
      fields: ['from'],
    });
    expect(refusal(() => resolveReportRange({ to: '2026-1', now })).fields).toEqual(['to']);
    expect(
      refusal(() => resolveReportRange({ from: '2026-05', to: '2026-04', now })).fields,
    ).toEqual(['from']);
    expect(refusal(() => resolveReportRange({ from: '2010-01', to: '2026-04', now })).code).toBe(
      'validation_failed',
    );
    expect(monthsOf(resolveReportRange({ from: '2016-05', to: '2026-04', now }))).toHaveLength(120);
  });
});
