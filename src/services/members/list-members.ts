import type { Member } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { listMembers as list } from '../../store/members.js';

export async function listMembers(input: { db: Db; actor: Actor }): Promise<Member[]> {
  authorize(input.actor, { action: 'member.read' });
  return list(input.db);
}
