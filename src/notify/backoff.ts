/**
 * When a failed delivery is tried again: the Standard Webhooks / Svix schedule
 * (immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after each
 * failure). Eight attempts over 27 h 35 min: a short blip is retried in
 * seconds, a receiver down for a deploy or an evening is caught within the
 * hour or two, and one down over a night and a working day still gets every
 * event; past that a person has to look (the delivery is `failed`, the
 * endpoint's page says why). No jitter: deliveries are spread by when their
 * events happened, and tests can name the exact instants.
 */
export const retryDelaysMs: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export const maxAttempts = retryDelaysMs.length + 1;

/** After failed attempt number `attempt` (1-based) made at `at`: the next try, or null = give up. */
export function nextAttemptAfter(attempt: number, at: Date): Date | null {
  const delay = retryDelaysMs[attempt - 1];
  return delay === undefined ? null : new Date(at.getTime() + delay);
}
