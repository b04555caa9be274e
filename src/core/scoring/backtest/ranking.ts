/**
 * How well a score ranks contacts by an outcome: ROC AUC, the ROC curve, and
 * the gains (cumulative lift) curve. Contacts are collected as one score each,
 * positives and negatives apart (8 bytes a contact), and ranked once at the end.
 *
 * Ties are shared out evenly, as if broken at random: a positive tied with a
 * negative counts half a correct pair for the AUC (the Mann–Whitney statistic),
 * and the curves run straight through a group of tied scores. So the AUC is the
 * area under the ROC curve drawn, and the lift of the top tenth does not depend
 * on the order tied contacts happened to arrive in.
 */

export interface RocPoint {
  /** False positive rate: share of negatives scoring at or above the threshold. */
  fpr: number;
  /** True positive rate: share of positives scoring at or above the threshold. */
  tpr: number;
}

export interface GainsPoint {
  /** The share of contacts taken, best scores first. */
  share: number;
  /** The share of all positives among them. */
  captured: number;
  /** captured / share: how many times better than taking contacts at random. */
  lift: number;
}

export interface Ranking {
  positives: number;
  negatives: number;
  /** Null without both positives and negatives: there is nothing to rank. */
  auc: number | null;
  /** From (0,0) to (1,1); thinned to steps of about 1% for drawing. */
  roc: RocPoint[];
  /** At each tenth of the contacts; empty without positives. */
  gains: GainsPoint[];
  topDecileLift: number | null;
}

/** A growable array of doubles: a million contacts without a million boxed numbers. */
class Doubles {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** Highest first. */
  sortedDescending(): Float64Array {
    return this.data.slice(0, this.length).sort().reverse();
  }
}

/** A tie group: the contacts sharing one score, and the counts above it. */
interface Step {
  positivesBefore: number;
  negativesBefore: number;
  positives: number;
  negatives: number;
}

/** Tie groups from the highest score down. */
function* steps(pos: Float64Array, neg: Float64Array): Generator<Step> {
  let i = 0;
  let j = 0;
  while (i < pos.length || j < neg.length) {
    const score = Math.max(
      i < pos.length ? pos[i]! : Number.NEGATIVE_INFINITY,
      j < neg.length ? neg[j]! : Number.NEGATIVE_INFINITY,
    );
    const step = { positivesBefore: i, negativesBefore: j, positives: 0, negatives: 0 };
    while (i < pos.length && pos[i] === score) {
      i++;
      step.positives++;
    }
    while (j < neg.length && neg[j] === score) {
      j++;
      step.negatives++;
    }
    yield step;
  }
}

/** Keeps a point when it moved at least `resolution` from the last one kept, and the ends. */
function thin(points: RocPoint[], resolution: number): RocPoint[] {
  const kept: RocPoint[] = [];
  for (const [k, p] of points.entries()) {
    const last = kept[kept.length - 1];
    if (
      !last ||
      k === points.length - 1 ||
      p.fpr - last.fpr >= resolution ||
      p.tpr - last.tpr >= resolution
    )
      kept.push(p);
  }
  return kept;
}

export class RankingCollector {
  private readonly positiveScores = new Doubles();
  private readonly negativeScores = new Doubles();

  add(score: number, positive: boolean): void {
    if (!Number.isFinite(score)) throw new RangeError(`score ${score} is not a finite number`);
    (positive ? this.positiveScores : this.negativeScores).push(score);
  }

  ranking(): Ranking {
    const pos = this.positiveScores.sortedDescending();
    const neg = this.negativeScores.sortedDescending();
    const P = pos.length;
    const N = neg.length;
    const n = P + N;
    let correctPairs = 0;
    const roc: RocPoint[] = [{ fpr: 0, tpr: 0 }];
    // Gains: the curve through (taken, captured) after each tie group, read at each tenth.
    const gains: GainsPoint[] = [];
    let tenth = 1;
    for (const s of steps(pos, neg)) {
      // Each positive here outranks the negatives below the group and half of those in it.
      correctPairs += s.positives * (N - s.negativesBefore - s.negatives + s.negatives / 2);
      const takenBefore = s.positivesBefore + s.negativesBefore;
      const taken = takenBefore + s.positives + s.negatives;
      // In tenths, as integers: 0.1·n compared in floating point could miss its group.
      while (P > 0 && tenth <= 10 && tenth * n <= 10 * taken) {
        const within = (tenth * n - 10 * takenBefore) / (10 * (s.positives + s.negatives));
        const captured = (s.positivesBefore + within * s.positives) / P;
        const share = tenth / 10;
        gains.push({ share, captured, lift: captured / share });
        tenth++;
      }
      if (P > 0 && N > 0)
        roc.push({
          fpr: (s.negativesBefore + s.negatives) / N,
          tpr: (s.positivesBefore + s.positives) / P,
        });
    }
    const auc = P > 0 && N > 0 ? correctPairs / (P * N) : null;
    return {
      positives: P,
      negatives: N,
      auc,
      roc: auc === null ? [] : thin(roc, 0.01),
      gains,
      topDecileLift: gains[0]?.lift ?? null,
    };
  }
}
