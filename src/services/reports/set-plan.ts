import { AppError, type FieldError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import { isMonth } from '../../core/reports/report-months.js';
import type { PlanDocument } from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { lockPlan, upsertPlan } from '../../store/plans.js';
import { getPlan } from './get-plan.js';

export interface SetPlanInput {
  db: Db;
  actor: Actor;
  /** YYYY-MM. */
  month: string;
  revenueTarget: number;
  now?: Date;
}

/** Far above any real month's revenue; beyond it a target is a typo. */
export const maxRevenueTarget = 1e13;

/**
 * Sets a month's revenue target in the shared plan (marketing, the sales
 * manager or an admin), audited with the target it replaced; answers with the
 * plan as both teams now see it.
 */
export async function setPlan(input: SetPlanInput): Promise<PlanDocument> {
  authorize(input.actor, { action: 'plan.manage' });
  const fields: FieldError[] = [];
  if (!isMonth(input.month))
    fields.push({ field: 'month', message: 'must be a month written YYYY-MM' });
  const target = input.revenueTarget;
  if (!Number.isFinite(target) || target < 0 || target > maxRevenueTarget)
    fields.push({
      field: 'revenueTarget',
      message: `must be a number from 0 to ${maxRevenueTarget.toExponential()}`,
    });
  if (fields.length > 0)
    throw new AppError('validation_failed', 'The plan is not valid', { fields });
  // Kept to the cent, as revenue is.
  const revenueTarget = Math.round(target * 100) / 100;
  await input.db.transaction(async (tx) => {
    const before = await lockPlan(tx, input.month);
    await upsertPlan(tx, {
      month: input.month,
      revenueTarget,
      setBy: input.actor.kind === 'member' ? input.actor.id : null,
    });
    await insertAudit(tx, input.actor, {
      action: 'plan.set',
      subjectType: 'plan',
      subjectId: input.month,
      changes: { revenueTarget: { from: before?.revenueTarget ?? null, to: revenueTarget } },
    });
  });
  return getPlan({ db: input.db, actor: input.actor, month: input.month, now: input.now });
}
