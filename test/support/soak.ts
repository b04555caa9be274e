/**
 * How long a load-driven reliability test runs: its own short duration in
 * CI, or the --soak duration of `npm run test:reliability -- --soak MINUTES`.
 */
export function boundedSeconds(ciSeconds: number): number {
  const soak = Number(process.env.TANDEM_SOAK_SECONDS ?? '0');
  return soak > 0 ? soak : ciSeconds;
}

export const soaking = Number(process.env.TANDEM_SOAK_SECONDS ?? '0') > 0;
