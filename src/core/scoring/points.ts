/**
 * How scores are shown so that the contributions add up to the total exactly.
 *
 * Decayed engagement is a real number, and binary floating point cannot add
 * decimals exactly (0.1 + 0.2 ≠ 0.3). So every figure an explanation shows is a
 * whole number of units of 0.0001 point, and the arithmetic on them is integer
 * arithmetic (exact below 2^53 units, 9·10^11 points). The engagement total is
 * the exact engagement rounded to a unit; its rules' contributions are apportioned
 * by largest remainder so that they add up to it. Fit contributions are the rules'
 * points, which the validator keeps to 4 decimals, so they need no rounding.
 *
 * As JSON numbers (units / 10^4) the figures carry at most 4 decimals and add up
 * exactly in decimal (and in PostgreSQL numeric); a JavaScript sum of them can be
 * off in the 15th digit, so sum `toUnits` of them, or compare at 4 decimals.
 */

export const pointScale = 10_000;

export function toUnits(points: number): number {
  // `|| 0`: a tiny negative engagement rounds to -0, which would print as 0 yet fail Object.is(0).
  return Math.round(points * pointScale) || 0;
}

export function fromUnits(units: number): number {
  return units / pointScale;
}

/**
 * Whole units for each value, each less than one unit from it, adding up to
 * the rounded sum of the values. Ties in the remainders go to the earlier value.
 */
export function apportion(values: readonly number[]): number[] {
  const scaled = values.map((v) => v * pointScale);
  const floors = scaled.map(Math.floor);
  const target = Math.round(scaled.reduce((a, b) => a + b, 0));
  const floorSum = floors.reduce((a, b) => a + b, 0);
  const extra = Math.min(values.length, Math.max(0, target - floorSum));
  const order = scaled
    .map((s, i) => ({ i, remainder: s - floors[i]! }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  const units = floors.slice();
  for (let k = 0; k < extra; k++) units[order[k]!.i]!++;
  return units;
}
