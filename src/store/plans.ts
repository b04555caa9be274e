import type { Queryable } from './db.js';

/** The shared plan's monthly revenue targets (months as YYYY-MM). */

export interface StoredPlan {
  month: string;
  revenueTarget: number;
  setBy: string | null;
  updatedAt: Date;
}

interface Row {
  month: string;
  revenue_target: number;
  set_by: string | null;
  updated_at: Date;
}

const toPlan = (r: Row): StoredPlan => ({
  month: r.month,
  revenueTarget: r.revenue_target,
  setBy: r.set_by,
  updatedAt: r.updated_at,
});

const columns = "to_char(month, 'YYYY-MM') AS month, revenue_target, set_by, updated_at";

export async function findPlan(q: Queryable, month: string): Promise<StoredPlan | null> {
  const { rows } = await q.query<Row>(`SELECT ${columns} FROM plans WHERE month = $1::date`, [
    `${month}-01`,
  ]);
  return rows[0] ? toPlan(rows[0]) : null;
}

/** Locks the month's row (if any) so the audit entry names the target it replaced. */
export async function lockPlan(q: Queryable, month: string): Promise<StoredPlan | null> {
  const { rows } = await q.query<Row>(
    `SELECT ${columns} FROM plans WHERE month = $1::date FOR UPDATE`,
    [`${month}-01`],
  );
  return rows[0] ? toPlan(rows[0]) : null;
}

export async function upsertPlan(
  q: Queryable,
  plan: { month: string; revenueTarget: number; setBy: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO plans (month, revenue_target, set_by, updated_at) VALUES ($1::date, $2, $3, now())
     ON CONFLICT (month) DO UPDATE
       SET revenue_target = excluded.revenue_target, set_by = excluded.set_by, updated_at = now()`,
    [`${plan.month}-01`, plan.revenueTarget, plan.setBy],
  );
}

/** Active sales reps: each carries the SLA's per-rep MQL quota. */
export async function countActiveReps(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "SELECT count(*) AS n FROM members WHERE role = 'sales_rep' AND active",
  );
  return rows[0]?.n ?? 0;
}
