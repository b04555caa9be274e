/**
 * Sales attempts (DESIGN.md §3, "sales touches"): what a rep did to reach a
 * lead and what came of it. They are stored as events of one type, so SLA
 * clauses count attempts ("K attempts within D business days") the same way
 * scoring and reports read any other activity.
 */

export const salesAttemptEventType = 'sales_attempt';

export const attemptOutcomes = {
  call: ['connected', 'no_answer', 'left_voicemail', 'wrong_number', 'call_back_later'],
  email: ['sent', 'replied', 'bounced'],
  meeting: ['held', 'no_show', 'rescheduled', 'cancelled'],
} as const;

export type AttemptChannel = keyof typeof attemptOutcomes;
export const attemptChannels = Object.keys(attemptOutcomes) as AttemptChannel[];
export type AttemptOutcome = (typeof attemptOutcomes)[AttemptChannel][number];
export const allAttemptOutcomes = [...new Set(Object.values(attemptOutcomes).flat())];

/** How far ahead of the server's clock a logged attempt may be dated (clock skew, not plans). */
export const attemptFutureSlackMs = 5 * 60_000;

export function outcomeFits(channel: AttemptChannel, outcome: string): boolean {
  return (attemptOutcomes[channel] as readonly string[]).includes(outcome);
}

/** A reached lead: the outcomes that mean a conversation happened. */
export function isConversation(outcome: string): boolean {
  return outcome === 'connected' || outcome === 'replied' || outcome === 'held';
}
