/**
 * The area under the ROC curve: the chance that a random positive scores above
 * a random negative, ties counting half. Computed exactly from tie groups (the
 * Mann–Whitney count), in O(n log n): twice the count is a whole number, so
 * only the final division rounds. NaN when either class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let negatives = 0;
  let negativesBelow = 0;
  // Twice the number of (positive, negative) pairs ordered correctly, ties counting once.
  let twiceWins = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let pos = 0;
    let neg = 0;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      if (positive[order[j]!]) pos++;
      else neg++;
      j++;
    }
    twiceWins += 2 * pos * negativesBelow + pos * neg;
    negativesBelow += neg;
    positives += pos;
    negatives += neg;
    i = j;
  }
  if (positives === 0 || negatives === 0) return Number.NaN;
  return twiceWins / (2 * positives * negatives);
}
