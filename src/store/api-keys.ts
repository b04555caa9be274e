import type { ApiKey } from '../core/entities.js';
import type { ApiKeyScope } from '../core/roles.js';
import type { Queryable } from './db.js';

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const columns = 'id, name, prefix, scopes, created_at, last_used_at, revoked_at';

function toApiKey(r: ApiKeyRow): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export async function insertApiKey(
  q: Queryable,
  k: {
    name: string;
    prefix: string;
    keyHash: string;
    scopes: ApiKeyScope[];
    createdBy: string | null;
  },
): Promise<ApiKey> {
  const { rows } = await q.query<ApiKeyRow>(
    `INSERT INTO api_keys (name, prefix, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [k.name, k.prefix, k.keyHash, k.scopes, k.createdBy],
  );
  return toApiKey(rows[0]!);
}

export async function findActiveApiKeyByHash(
  q: Queryable,
  keyHash: string,
): Promise<ApiKey | null> {
  const { rows } = await q.query<ApiKeyRow>(
    `SELECT ${columns} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [keyHash],
  );
  return rows[0] ? toApiKey(rows[0]) : null;
}

export async function touchApiKey(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]);
}

export async function listApiKeys(q: Queryable): Promise<ApiKey[]> {
  const { rows } = await q.query<ApiKeyRow>(
    `SELECT ${columns} FROM api_keys ORDER BY created_at DESC, id`,
  );
  return rows.map(toApiKey);
}

export async function revokeApiKey(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return r.rowCount > 0;
}
