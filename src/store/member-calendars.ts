import type { AwayPeriod } from '../core/routing/choose-owner.js';
import type { Queryable } from './db.js';

/**
 * Members' working time: the stored business calendar (null = the default in
 * the member's time zone, decided by the service) and away periods.
 */
export interface MemberTime {
  memberId: string;
  timeZone: string;
  /** The stored document as it is; validated by the caller. */
  calendar: unknown;
}

export async function loadMemberTimes(
  q: Queryable,
  memberIds: readonly string[],
): Promise<Map<string, MemberTime>> {
  if (memberIds.length === 0) return new Map();
  const { rows } = await q.query<{ id: string; time_zone: string; business_calendar: unknown }>(
    'SELECT id, time_zone, business_calendar FROM members WHERE id = ANY($1::uuid[])',
    [[...new Set(memberIds)]],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { memberId: r.id, timeZone: r.time_zone, calendar: r.business_calendar },
    ]),
  );
}

/** Null clears the calendar back to the default; the caller has validated the document. */
export async function setMemberCalendar(
  q: Queryable,
  memberId: string,
  calendar: unknown | null,
): Promise<void> {
  await q.query('UPDATE members SET business_calendar = $2, updated_at = now() WHERE id = $1', [
    memberId,
    calendar === null ? null : JSON.stringify(calendar),
  ]);
}

export async function insertAwayPeriod(
  q: Queryable,
  p: { memberId: string; from: Date; to: Date; note?: string | null },
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO member_away_periods (member_id, starts_at, ends_at, note)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [p.memberId, p.from, p.to, p.note ?? null],
  );
  return rows[0]!.id;
}

/** Away periods not over by `since`, per member (past leave cannot matter to routing now). */
export async function loadAwayPeriods(
  q: Queryable,
  memberIds: readonly string[],
  since: Date,
): Promise<Map<string, AwayPeriod[]>> {
  const result = new Map<string, AwayPeriod[]>();
  if (memberIds.length === 0) return result;
  const { rows } = await q.query<{ member_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT member_id, starts_at, ends_at FROM member_away_periods
     WHERE member_id = ANY($1::uuid[]) AND ends_at > $2 ORDER BY member_id, starts_at`,
    [[...new Set(memberIds)], since],
  );
  for (const r of rows) {
    const list = result.get(r.member_id) ?? [];
    list.push({ from: r.starts_at, to: r.ends_at });
    result.set(r.member_id, list);
  }
  return result;
}
