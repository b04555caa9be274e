import type { ApiKey } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor, ApiKeyScope } from '../../core/roles.js';
import { insertApiKey } from '../../store/api-keys.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { newToken, sha256 } from '../auth/tokens.js';

/** The key is returned once, here; Tandem keeps only its hash and a short prefix to recognise it by. */
export async function createApiKey(input: {
  db: Db;
  actor: Actor;
  name: string;
  scopes: ApiKeyScope[];
}): Promise<{ apiKey: ApiKey; key: string }> {
  authorize(input.actor, { action: 'api_key.manage' });
  const key = `tdm_${newToken(24)}`;
  const scopes = [...new Set(input.scopes)].sort();
  return input.db.transaction(async (tx) => {
    const apiKey = await insertApiKey(tx, {
      name: input.name,
      prefix: key.slice(0, 10),
      keyHash: sha256(key),
      scopes,
      createdBy: input.actor.kind === 'member' ? input.actor.id : null,
    });
    await insertAudit(tx, input.actor, {
      action: 'api_key.created',
      subjectType: 'api_key',
      subjectId: apiKey.id,
      changes: { name: input.name, scopes },
    });
    return { apiKey, key };
  });
}
