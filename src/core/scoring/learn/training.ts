import type { ScoringContact } from '../model.js';

/**
 * One stored contact as a learned model sees it: who the contact is (the same
 * shape fit rules read), how often each type of event happened, and whether
 * the outcome came true. Event counts stop where the outcome was reached, so a
 * model does not learn from what happened because of it.
 */
export interface TrainingRow {
  contactId: string;
  contact: ScoringContact;
  eventCounts: Readonly<Record<string, number>>;
  positive: boolean;
}

/** Feature names of event counts: `events.<event type>`. */
export const eventFieldPrefix = 'events.';
