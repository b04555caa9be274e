import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Queryable } from '../../store/db.js';
import {
  lastWholeMonth,
  type Month,
  monthOf,
  type PeriodScorecard,
  readPeriodScorecard,
} from './read-period-scorecard.js';

/**
 * The monthly scorecard of both sides (UTC months): the leads handed to sales
 * in the month and what became of them by now. Without a month, the last whole
 * one. A month that has not begun is refused; the current one is read so far.
 */
export async function getSlaScorecard(input: {
  db: Queryable;
  actor: Actor;
  month?: string | undefined;
  now?: Date;
}): Promise<PeriodScorecard> {
  authorize(input.actor, { action: 'sla.read' });
  const now = input.now ?? new Date();
  let month: Month;
  try {
    month = input.month === undefined ? lastWholeMonth(now) : monthOf(input.month);
  } catch {
    throw new AppError('validation_failed', `"${input.month}" is not a month`, {
      fields: [{ field: 'month', message: 'must be YYYY-MM' }],
    });
  }
  if (month.from.getTime() > now.getTime())
    throw new AppError('validation_failed', `${month.key} has not begun`, {
      fields: [{ field: 'month', message: 'must not be in the future' }],
    });
  return readPeriodScorecard(input.db, month);
}
