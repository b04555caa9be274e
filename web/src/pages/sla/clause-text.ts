import type { SalesClauseKey, SlaContract } from '../../api/sla-types';

/** Short names for clauses, as a rep reads them beside a countdown. */
export const clauseNames: Record<string, string> = {
  accept_within: 'Accept or reject',
  first_attempt_within: 'First attempt',
  attempt_cadence: 'Attempt cadence',
  outcome_recorded: 'Record an outcome',
  mqls_per_rep: 'Leads per rep',
  accepted_share: 'Accepted share',
};

export const clauseName = (key: string): string => clauseNames[key] ?? key;

/** Windows under an hour read as minutes or seconds: "0.01 business hours" says little. */
export function hours(n: number): string {
  const plural = (v: number, unit: string) => `${v} business ${unit}${v === 1 ? '' : 's'}`;
  if (n >= 1) return plural(n, 'hour');
  const seconds = Math.round(n * 3600);
  return seconds % 60 === 0 ? plural(seconds / 60, 'minute') : plural(seconds, 'second');
}
const days = (n: number) => `${n} business day${n === 1 ? '' : 's'}`;
export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

export interface ClauseSentence {
  key: string;
  text: string;
}

/** Marketing's promises in plain words, in the document's clause order. */
export function marketingSentences(doc: SlaContract): ClauseSentence[] {
  const out: ClauseSentence[] = [];
  const m = doc.marketing;
  if (m.mqls_per_rep)
    out.push({
      key: 'mqls_per_rep',
      text: `Marketing hands sales ${m.mqls_per_rep.perMonth} qualified lead${m.mqls_per_rep.perMonth === 1 ? '' : 's'} (MQLs) per active rep each month.`,
    });
  if (m.accepted_share)
    out.push({
      key: 'accepted_share',
      text: `At least ${percent(m.accepted_share.atLeast)} of the leads sales decides on are good enough to accept.`,
    });
  return out;
}

/** Sales' promises in plain words, in the order a lead meets them. */
export function salesSentences(doc: SlaContract): ClauseSentence[] {
  const s = doc.sales;
  const text: Record<SalesClauseKey, string | null> = {
    accept_within: s.accept_within
      ? `Sales accepts or rejects every lead handed over within ${hours(s.accept_within.businessHours)}.`
      : null,
    first_attempt_within: s.first_attempt_within
      ? `The owner makes a first attempt (call, email or meeting) within ${hours(s.first_attempt_within.businessHours)}.`
      : null,
    attempt_cadence: s.attempt_cadence
      ? `The owner makes ${s.attempt_cadence.attempts} attempt${s.attempt_cadence.attempts === 1 ? '' : 's'} within ${days(s.attempt_cadence.businessDays)}.`
      : null,
    outcome_recorded: s.outcome_recorded
      ? `What came of the lead is recorded within ${days(s.outcome_recorded.businessDays)}.`
      : null,
  };
  return (Object.keys(text) as SalesClauseKey[])
    .filter((k) => text[k] !== null)
    .map((k) => ({ key: k, text: text[k]! }));
}

export function escalationSentence(doc: SlaContract): string {
  const e = doc.escalation;
  return [
    `The owner is warned once ${percent(e.warnOwnerAt)} of a window's business time has passed.`,
    e.notifyManagerOnBreach
      ? 'On a breach the sales managers are told.'
      : 'Managers are not told of breaches.',
    e.reassignOnBreach
      ? 'A breached lead is handed to someone else.'
      : 'A breached lead stays with its owner.',
  ].join(' ');
}
