import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankingCollector } from './ranking.js';

interface Scored {
  score: number;
  positive: boolean;
}

const arbScored = fc.array(
  fc.record({
    // Few distinct scores, so ties between positives and negatives are common.
    score: fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.double({ min: -100, max: 100, noNaN: true }),
    ),
    positive: fc.boolean(),
  }),
  { maxLength: 200 },
);

function rank(xs: readonly Scored[]) {
  const c = new RankingCollector();
  for (const x of xs) c.add(x.score, x.positive);
  return c.ranking();
}

/** Every (positive, negative) pair: 1 if the positive scores higher, ½ if tied. */
function bruteAuc(xs: readonly Scored[]): number | null {
  const pos = xs.filter((x) => x.positive);
  const neg = xs.filter((x) => !x.positive);
  if (pos.length === 0 || neg.length === 0) return null;
  let sum = 0;
  for (const p of pos)
    for (const n of neg) sum += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
  return sum / (pos.length * neg.length);
}

describe('RankingCollector', () => {
  it('gives the AUC of every positive–negative pair, ties counting half', () => {
    fc.assert(
      fc.property(arbScored, (xs) => {
        const r = rank(xs);
        const brute = bruteAuc(xs);
        if (brute === null) expect(r.auc).toBeNull();
        else expect(r.auc).toBeCloseTo(brute, 12);
        expect(r.positives + r.negatives).toBe(xs.length);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order contacts arrive in, and reverses with the scores', () => {
    fc.assert(
      fc.property(
        arbScored.chain((xs) =>
          fc.tuple(
            fc.constant(xs),
            fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }),
          ),
        ),
        ([xs, shuffled]) => {
          const r = rank(xs);
          expect(rank(shuffled)).toEqual(r);
          const flipped = rank(xs.map((x) => ({ ...x, score: -x.score })));
          if (r.auc !== null) expect(flipped.auc).toBeCloseTo(1 - r.auc, 12);
        },
      ),
    );
  });

  it('captures at each tenth the positives among the best-scored contacts, when scores differ', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 10, maxLength: 300 }),
        fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }),
        (scores, flags) => {
          const xs = scores.map((score, i) => ({ score, positive: flags[i]! }));
          const r = rank(xs);
          const P = xs.filter((x) => x.positive).length;
          if (P === 0) {
            expect(r.gains).toEqual([]);
            return;
          }
          const best = [...xs].sort((a, b) => b.score - a.score);
          expect(r.gains.map((g) => g.share)).toEqual([
            0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
          ]);
          for (const g of r.gains) {
            // k contacts and a fraction of the next one: the curve is straight between contacts.
            const exact = g.share * xs.length;
            const k = Math.floor(exact + 1e-9);
            const whole = best.slice(0, k).filter((x) => x.positive).length;
            const part = k < best.length && best[k]!.positive ? exact - k : 0;
            expect(g.captured).toBeCloseTo((whole + part) / P, 9);
            expect(g.lift).toBeCloseTo(g.captured / g.share, 12);
          }
          expect(r.gains[9]!.captured).toBeCloseTo(1, 12);
          expect(r.topDecileLift).toBe(r.gains[0]!.lift);
        },
      ),
    );
  });

  it('draws the ROC curve from (0,0) to (1,1), never going back', () => {
    fc.assert(
      fc.property(arbScored, (xs) => {
        const r = rank(xs);
        if (r.auc === null) {
          expect(r.roc).toEqual([]);
          return;
        }
        expect(r.roc[0]).toEqual({ fpr: 0, tpr: 0 });
        expect(r.roc[r.roc.length - 1]).toEqual({ fpr: 1, tpr: 1 });
        for (let i = 1; i < r.roc.length; i++) {
          expect(r.roc[i]!.fpr).toBeGreaterThanOrEqual(r.roc[i - 1]!.fpr);
          expect(r.roc[i]!.tpr).toBeGreaterThanOrEqual(r.roc[i - 1]!.tpr);
        }
      }),
    );
  });

  it('ranks a perfect score at 1, a useless one at ½, and a tie of all at ½ with no lift', () => {
    const perfect = rank([
      { score: 9, positive: true },
      { score: 8, positive: true },
      { score: 1, positive: false },
      { score: 0, positive: false },
    ]);
    expect(perfect.auc).toBe(1);
    expect(perfect.roc).toEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 0, tpr: 0.5 },
      { fpr: 0, tpr: 1 },
      { fpr: 0.5, tpr: 1 },
      { fpr: 1, tpr: 1 },
    ]);
    const flat = rank(Array.from({ length: 20 }, (_, i) => ({ score: 5, positive: i < 4 })));
    expect(flat.auc).toBe(0.5);
    expect(flat.topDecileLift).toBeCloseTo(1, 12);
    expect(() => new RankingCollector().add(Number.NaN, true)).toThrow(RangeError);
  });
});
