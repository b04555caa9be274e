import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketBounds,
  bucketMiddleSeconds,
  durationBucket,
  percentileFromHistogram,
} from './duration-buckets.js';

describe('duration buckets', () => {
  it('follows floor(log(minutes + 1) / log(1.05))', () => {
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(2)).toBe(0);
    expect(durationBucket(3)).toBe(1); // 3 s = 0.05 min: x = 1.05 exactly
    expect(durationBucket(60)).toBe(14); // log 2 / log 1.05 = 14.2
    expect(durationBucket(3600)).toBe(Math.floor(Math.log(61) / Math.log(1.05)));
    expect(durationBucket(-5)).toBe(0);
  });

  it('puts every length inside its bucket, and the middle within ±2.5% of (seconds + 60)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3e8, noNaN: true }), (s) => {
        const b = durationBucket(s);
        const { from, to } = bucketBounds(b);
        expect(s).toBeGreaterThanOrEqual(from - 1e-6);
        expect(s).toBeLessThan(to + 1e-6);
        expect(Math.abs(bucketMiddleSeconds(b) - s)).toBeLessThanOrEqual(0.025 * (s + 60));
      }),
    );
  });

  it('reads a percentile from the bucket holding the nearest rank', () => {
    const stays = [10, 100, 1000, 10_000, 100_000];
    const rows = stays.map((s) => ({ bucket: durationBucket(s), stays: 1 }));
    expect(percentileFromHistogram(rows, 0.5)).toBe(bucketMiddleSeconds(durationBucket(1000)));
    expect(percentileFromHistogram(rows, 0.9)).toBe(bucketMiddleSeconds(durationBucket(100_000)));
    expect(percentileFromHistogram(rows, 0.2)).toBe(bucketMiddleSeconds(durationBucket(10)));
    expect(percentileFromHistogram([], 0.5)).toBeNull();
    expect(percentileFromHistogram([{ bucket: 3, stays: 0 }], 0.5)).toBeNull();
  });

  it('agrees with the exact nearest-rank percentile to the documented precision', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 * 86400 }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom(0.5, 0.9),
        (stays, p) => {
          const counts = new Map<number, number>();
          for (const s of stays)
            counts.set(durationBucket(s), (counts.get(durationBucket(s)) ?? 0) + 1);
          const rows = [...counts].map(([bucket, n]) => ({ bucket, stays: n }));
          const sorted = [...stays].sort((a, b) => a - b);
          const exact = sorted[Math.ceil(p * sorted.length) - 1]!;
          const read = percentileFromHistogram(rows, p)!;
          expect(Math.abs(read - exact)).toBeLessThanOrEqual(0.025 * (exact + 60));
        },
      ),
    );
  });
});
