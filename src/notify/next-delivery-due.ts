import type { Queryable } from '../store/db.js';
import { nextDeliveryDue as nextDue } from '../store/deliveries.js';

/** The earliest retry (or lease end) still to come, so the delivery job can sleep until then. */
export function nextDeliveryDue(q: Queryable): Promise<Date | null> {
  return nextDue(q);
}
