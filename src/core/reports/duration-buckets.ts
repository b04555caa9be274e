/**
 * Stage stays kept as a histogram (report_stage_durations), so velocity is read
 * from a few hundred rows instead of every transition. A bucket is 5% wide on
 * x = minutes + 1: bucket b holds x in [1.05^b, 1.05^(b+1)). Read back at the
 * bucket's geometric middle, a percentile is off by at most ±2.5% of
 * (seconds + 60): relative for stays of hours and days, a second or so for
 * stays under a minute.
 */
const growth = Math.log(1.05);

export function durationBucket(seconds: number): number {
  const x = Math.max(0, seconds) / 60 + 1;
  const b = Math.floor(Math.log(x) / growth);
  // Guard the edge where floating point puts an exact power of 1.05 one bucket low or high.
  if (1.05 ** (b + 1) <= x) return b + 1;
  if (1.05 ** b > x) return Math.max(0, b - 1);
  return b;
}

/** The geometric middle of a bucket, in seconds. */
export function bucketMiddleSeconds(bucket: number): number {
  return 60 * (1.05 ** (bucket + 0.5) - 1);
}

/** The smallest and largest seconds a bucket holds (the upper bound excluded). */
export function bucketBounds(bucket: number): { from: number; to: number } {
  return { from: 60 * (1.05 ** bucket - 1), to: 60 * (1.05 ** (bucket + 1) - 1) };
}

/**
 * The p-th percentile (0 < p ≤ 1, nearest rank) of the stays a histogram
 * holds, in seconds: the middle of the bucket holding the rank. Null when
 * there are no stays.
 */
export function percentileFromHistogram(
  rows: readonly { bucket: number; stays: number }[],
  p: number,
): number | null {
  const sorted = rows.filter((r) => r.stays > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, r) => n + r.stays, 0);
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil(p * total)));
  let seen = 0;
  for (const r of sorted) {
    seen += r.stays;
    if (seen >= rank) return bucketMiddleSeconds(r.bucket);
  }
  return bucketMiddleSeconds(sorted[sorted.length - 1]!.bucket);
}
