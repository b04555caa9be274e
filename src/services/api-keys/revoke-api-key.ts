import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { revokeApiKey as revoke } from '../../store/api-keys.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { forgetApiKeys } from '../auth/recent-api-keys.js';

export async function revokeApiKey(input: {
  db: Db;
  actor: Actor;
  apiKeyId: string;
}): Promise<void> {
  authorize(input.actor, { action: 'api_key.manage' });
  await input.db.transaction(async (tx) => {
    if (!(await revoke(tx, input.apiKeyId))) {
      throw new AppError('not_found', 'No active API key with that id');
    }
    await insertAudit(tx, input.actor, {
      action: 'api_key.revoked',
      subjectType: 'api_key',
      subjectId: input.apiKeyId,
    });
  });
  forgetApiKeys(input.db);
}
