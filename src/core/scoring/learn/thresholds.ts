/**
 * Where to draw the MQL line and the bands on a learned score, from the
 * training rows' scores and outcomes. A contact qualifies at `score ≥ t`.
 */

interface Point {
  threshold: number;
  tp: number;
  fp: number;
}

/** For each distinct score, highest first: how many positives and negatives score at or above it. */
function sweep(scores: readonly number[], positive: readonly boolean[]): Point[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const points: Point[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const t = scores[order[i]!]!;
    while (i < order.length && scores[order[i]!] === t) {
      if (positive[order[i]!]) tp++;
      else fp++;
      i++;
    }
    points.push({ threshold: t, tp, fp });
  }
  return points;
}

/**
 * The threshold with the best F1 (the balance of precision, the share of MQLs
 * that convert, and recall, the share of conversions that were MQLs); on a tie
 * the higher threshold, which hands sales fewer leads for the same F1.
 */
export function bestF1Threshold(
  scores: readonly number[],
  positive: readonly boolean[],
): {
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
} {
  const positives = positive.filter(Boolean).length;
  let best = { threshold: Number.POSITIVE_INFINITY, f1: -1, precision: 0, recall: 0 };
  for (const { threshold, tp, fp } of sweep(scores, positive)) {
    const f1 = positives === 0 ? 0 : (2 * tp) / (2 * tp + fp + (positives - tp));
    if (f1 > best.f1)
      best = {
        threshold,
        f1,
        precision: tp / (tp + fp),
        recall: positives === 0 ? 0 : tp / positives,
      };
  }
  return best;
}

/** The highest threshold at or above which at least `share` of the positives score. */
export function recallThreshold(
  scores: readonly number[],
  positive: readonly boolean[],
  share: number,
): number {
  const positives = positive.filter(Boolean).length;
  for (const { threshold, tp } of sweep(scores, positive))
    if (tp >= share * positives) return threshold;
  return Math.min(...scores);
}
