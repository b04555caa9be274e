import type { Queryable } from './db.js';

/*
 * Listing and removing a member's away periods (member-calendars.ts adds them
 * and reads them for routing).
 */

export interface AwayPeriodRow {
  id: string;
  memberId: string;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
  createdAt: Date;
}

interface Row {
  id: string;
  member_id: string;
  starts_at: Date;
  ends_at: Date;
  note: string | null;
  created_at: Date;
}

const toRow = (r: Row): AwayPeriodRow => ({
  id: r.id,
  memberId: r.member_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  note: r.note,
  createdAt: r.created_at,
});

/** A member's away periods, earliest first. */
export async function listMemberAwayPeriods(
  q: Queryable,
  memberId: string,
): Promise<AwayPeriodRow[]> {
  const { rows } = await q.query<Row>(
    `SELECT id, member_id, starts_at, ends_at, note, created_at FROM member_away_periods
     WHERE member_id = $1 ORDER BY starts_at, id`,
    [memberId],
  );
  return rows.map(toRow);
}

export async function findAwayPeriod(q: Queryable, id: string): Promise<AwayPeriodRow | null> {
  const { rows } = await q.query<Row>(
    `SELECT id, member_id, starts_at, ends_at, note, created_at FROM member_away_periods
     WHERE id = $1`,
    [id],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

export async function deleteAwayPeriod(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM member_away_periods WHERE id = $1', [id]);
}
