import type { Member, Team } from '../core/entities.js';
import type { Role } from '../core/roles.js';
import type { Queryable } from './db.js';

interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  team_name: string | null;
  time_zone: string;
  capacity: number;
  active: boolean;
}

const memberColumns = `m.id, m.email, m.name, m.role, m.team_id, t.name AS team_name, m.time_zone, m.capacity, m.active`;
const memberFrom = 'members m LEFT JOIN teams t ON t.id = m.team_id';

export function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    teamId: r.team_id,
    teamName: r.team_name,
    timeZone: r.time_zone,
    capacity: r.capacity,
    active: r.active,
  };
}

export async function findMemberById(q: Queryable, id: string): Promise<Member | null> {
  const { rows } = await q.query<MemberRow>(
    `SELECT ${memberColumns} FROM ${memberFrom} WHERE m.id = $1`,
    [id],
  );
  return rows[0] ? toMember(rows[0]) : null;
}

export async function findMemberCredentials(
  q: Queryable,
  email: string,
): Promise<{ member: Member; passwordHash: string | null } | null> {
  const { rows } = await q.query<MemberRow & { password_hash: string | null }>(
    `SELECT ${memberColumns}, m.password_hash FROM ${memberFrom} WHERE lower(m.email) = lower($1)`,
    [email],
  );
  const row = rows[0];
  return row ? { member: toMember(row), passwordHash: row.password_hash } : null;
}

export async function listMembers(q: Queryable): Promise<Member[]> {
  const { rows } = await q.query<MemberRow>(
    `SELECT ${memberColumns} FROM ${memberFrom} ORDER BY m.name, m.id`,
  );
  return rows.map(toMember);
}

export interface NewMember {
  id?: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  timeZone: string;
  capacity?: number;
  passwordHash: string | null;
  createdAt?: Date;
}

export async function insertMember(q: Queryable, m: NewMember): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO members (id, email, name, role, team_id, time_zone, capacity, password_hash, created_at, updated_at)
     VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, coalesce($7, 50), $8, coalesce($9, now()), coalesce($9, now()))
     RETURNING id`,
    [
      m.id ?? null,
      m.email,
      m.name,
      m.role,
      m.teamId,
      m.timeZone,
      m.capacity ?? null,
      m.passwordHash,
      m.createdAt ?? null,
    ],
  );
  return rows[0]!.id;
}

export async function setMemberPassword(
  q: Queryable,
  id: string,
  passwordHash: string,
): Promise<void> {
  await q.query('UPDATE members SET password_hash = $2, updated_at = now() WHERE id = $1', [
    id,
    passwordHash,
  ]);
}

export async function insertTeam(
  q: Queryable,
  team: Omit<Team, 'id'> & { id?: string; createdAt?: Date },
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO teams (id, name, side, created_at) VALUES (coalesce($1, gen_random_uuid()), $2, $3, coalesce($4, now())) RETURNING id`,
    [team.id ?? null, team.name, team.side, team.createdAt ?? null],
  );
  return rows[0]!.id;
}

export async function findTeamByName(q: Queryable, name: string): Promise<Team | null> {
  const { rows } = await q.query<Team>(
    'SELECT id, name, side FROM teams WHERE lower(name) = lower($1)',
    [name],
  );
  return rows[0] ?? null;
}
