import type { Queryable } from '../../store/db.js';
import { nextDueClock } from '../../store/sla-clocks.js';

/** The earliest warning or due time still to come, so the clock job can sleep until then. */
export function nextClockDue(q: Queryable): Promise<Date | null> {
  return nextDueClock(q);
}
