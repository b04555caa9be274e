import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestF1Threshold, recallThreshold } from './thresholds.js';

function counts(scores: number[], positive: boolean[], t: number) {
  let tp = 0;
  let fp = 0;
  scores.forEach((s, i) => {
    if (s < t) return;
    if (positive[i]) tp++;
    else fp++;
  });
  return { tp, fp, positives: positive.filter(Boolean).length };
}

const arbSample = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.boolean()), { minLength: 1, maxLength: 60 })
  .filter((s) => s.some(([, p]) => p));

describe('MQL threshold and bands', () => {
  it('picks the threshold with the best F1, the highest one on a tie', () => {
    fc.assert(
      fc.property(arbSample, (sample) => {
        const scores = sample.map(([s]) => s);
        const positive = sample.map(([, p]) => p);
        const f1At = (t: number) => {
          const { tp, fp, positives } = counts(scores, positive, t);
          return (2 * tp) / (2 * tp + fp + (positives - tp));
        };
        const best = bestF1Threshold(scores, positive);
        expect(scores).toContain(best.threshold);
        expect(best.f1).toBe(f1At(best.threshold));
        for (const t of new Set(scores)) {
          expect(f1At(t)).toBeLessThanOrEqual(best.f1);
          if (t > best.threshold) expect(f1At(t)).toBeLessThan(best.f1);
        }
      }),
    );
  });

  it('puts warm at the highest score that the asked share of positives reaches', () => {
    fc.assert(
      fc.property(arbSample, fc.constantFrom(0.5, 0.9, 0.95), (sample, share) => {
        const scores = sample.map(([s]) => s);
        const positive = sample.map(([, p]) => p);
        const t = recallThreshold(scores, positive, share);
        const { tp, positives } = counts(scores, positive, t);
        expect(tp).toBeGreaterThanOrEqual(share * positives);
        const higher = [...new Set(scores)].filter((s) => s > t);
        for (const h of higher)
          expect(counts(scores, positive, h).tp).toBeLessThan(share * positives);
      }),
    );
  });
});
