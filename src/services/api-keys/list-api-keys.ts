import type { ApiKey } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { listApiKeys as list } from '../../store/api-keys.js';
import type { Db } from '../../store/db.js';

export async function listApiKeys(input: { db: Db; actor: Actor }): Promise<ApiKey[]> {
  authorize(input.actor, { action: 'api_key.manage' });
  return list(input.db);
}
