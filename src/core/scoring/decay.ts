import { dayMs } from './model.js';

/**
 * Exact exponential decay (DESIGN.md §5): a value S known at t0 is worth
 * S·2^(−(t−t0)/h) at t. Because every engagement point decays with the same h,
 * any sum of them is again one such curve, so a contact's whole engagement is
 * kept as one number and a reference time, and updated in O(1) per event.
 * Times are epoch milliseconds throughout.
 */

export function halfLifeMs(halfLifeDays: number): number {
  return halfLifeDays * dayMs;
}

/** The factor a value shrinks by over `elapsedMs` (grows, for a negative span). */
export function decayFactor(elapsedMs: number, halfLife: number): number {
  return 2 ** (-elapsedMs / halfLife);
}

export function decayedValue(value: number, from: number, to: number, halfLife: number): number {
  return value === 0 ? 0 : value * decayFactor(to - from, halfLife);
}

/**
 * When a curve worth `value` at `t0` is worth exactly `target`:
 * t = t0 + h·log2(value / target). Decay only moves towards 0, so that happens
 * (at or after t0) only when the target lies between 0 and the value, either
 * sign: a positive score falls through a threshold, a negative one rises to it.
 */
export function crossingTime(
  value: number,
  t0: number,
  target: number,
  halfLife: number,
): number | null {
  const reachable = value > 0 ? target > 0 && target <= value : target < 0 && target >= value;
  if (!reachable) return null;
  return t0 + halfLife * Math.log2(value / target);
}
