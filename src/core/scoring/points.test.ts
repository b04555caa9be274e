import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, fromUnits, toUnits } from './points.js';

describe('apportion', () => {
  it('gives whole units adding up to the rounded sum, each within a unit of its value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { maxLength: 30 }),
        (values) => {
          const units = apportion(values);
          expect(units.every(Number.isInteger)).toBe(true);
          const target = Math.round(values.reduce((a, b) => a + b * 10_000, 0));
          expect(units.reduce((a, b) => a + b, 0) - target).toBe(0);
          values.forEach((v, i) => {
            expect(Math.abs(units[i]! - v * 10_000)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('hands the rounding to the largest remainders, earlier first on ties', () => {
    // 3 × 0.33335 = 1.00005 → 10001 units: the first of the equal remainders gets the extra.
    expect(apportion([0.33335, 0.33335, 0.33335])).toEqual([3334, 3334, 3333]);
    expect(apportion([0.00004, 0.00004, 0.00004])).toEqual([1, 0, 0]);
    expect(apportion([])).toEqual([]);
  });

  it('leaves values already in whole units alone', () => {
    expect(apportion([12.5, -3.25, 0.0001])).toEqual([125_000, -32_500, 1]);
  });
});

describe('units', () => {
  it('round-trip every 4-decimal figure', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (u) => {
        expect(toUnits(fromUnits(u))).toBe(u);
      }),
    );
  });
});
