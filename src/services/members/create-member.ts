import { AppError } from '../../core/app-error.js';
import type { Member } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor, Role } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  findMemberById,
  findMemberCredentials,
  findTeamByName,
  insertMember,
} from '../../store/members.js';
import { hashPassword } from '../auth/password.js';

export async function createMember(input: {
  db: Db;
  actor: Actor;
  email: string;
  name?: string | undefined;
  role: Role;
  password?: string | undefined;
  teamName?: string | undefined;
  timeZone?: string | undefined;
}): Promise<Member> {
  authorize(input.actor, { action: 'member.manage' });
  if (input.password !== undefined && input.password.length < 8) {
    throw new AppError('validation_failed', 'The password must be at least 8 characters', {
      fields: [{ field: 'password', message: 'must be at least 8 characters' }],
    });
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return input.db.transaction(async (tx) => {
    if (await findMemberCredentials(tx, input.email)) {
      throw new AppError('conflict', `A member with email ${input.email} already exists`, {
        fields: [{ field: 'email', message: 'is already taken' }],
      });
    }
    let teamId: string | null = null;
    if (input.teamName) {
      const team = await findTeamByName(tx, input.teamName);
      if (!team) throw new AppError('not_found', `No team named "${input.teamName}"`);
      teamId = team.id;
    }
    const id = await insertMember(tx, {
      email: input.email,
      name: input.name ?? input.email.split('@')[0]!,
      role: input.role,
      teamId,
      timeZone: input.timeZone ?? 'UTC',
      passwordHash,
    });
    await insertAudit(tx, input.actor, {
      action: 'member.created',
      subjectType: 'member',
      subjectId: id,
      changes: { email: input.email, role: input.role },
    });
    return (await findMemberById(tx, id))!;
  });
}
