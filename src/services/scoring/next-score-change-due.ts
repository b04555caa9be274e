import { nextDueScoreChange } from '../../store/contact-scores.js';
import type { Queryable } from '../../store/db.js';

/** The earliest decay-caused change still to come, so the clock can sleep until then. */
export function nextScoreChangeDue(q: Queryable): Promise<Date | null> {
  return nextDueScoreChange(q);
}
