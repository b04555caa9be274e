import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rocAuc } from './auc.js';

/** The definition: over every (positive, negative) pair, 1 if the positive scores higher, ½ on a tie. */
function bruteForce(scores: number[], positive: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (!positive[i]) return;
    scores.forEach((t, j) => {
      if (positive[j]) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return pairs === 0 ? Number.NaN : wins / pairs;
}

// Few distinct scores, so ties are common.
const arbSample = fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.boolean()), {
  minLength: 1,
  maxLength: 80,
});

describe('ROC AUC', () => {
  it('equals the pairwise count, ties counting half, exactly', () => {
    fc.assert(
      fc.property(arbSample, (sample) => {
        const scores = sample.map(([s]) => s);
        const positive = sample.map(([, p]) => p);
        expect(rocAuc(scores, positive)).toBe(bruteForce(scores, positive));
      }),
      { numRuns: 500 },
    );
  });

  it('depends only on the order of the scores, and reverses when they do', () => {
    fc.assert(
      fc.property(arbSample, (sample) => {
        const scores = sample.map(([s]) => s);
        const positive = sample.map(([, p]) => p);
        const auc = rocAuc(scores, positive);
        fc.pre(!Number.isNaN(auc));
        expect(
          rocAuc(
            scores.map((s) => Math.exp(s) * 7 + 1),
            positive,
          ),
        ).toBe(auc);
        expect(
          rocAuc(
            scores.map((s) => -s),
            positive,
          ),
        ).toBeCloseTo(1 - auc, 12);
      }),
    );
  });

  it('gives 1 for a perfect ranking, ½ for a constant score, NaN with one class only', () => {
    expect(rocAuc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(rocAuc([5, 5, 5, 5], [false, true, false, true])).toBe(0.5);
    expect(rocAuc([1, 2], [true, true])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
  });
});
