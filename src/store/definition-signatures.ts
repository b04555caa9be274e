import type { TeamSide } from '../core/roles.js';
import type { Queryable } from './db.js';

/** A member's signature on a definitions version, for one side of the house. */
export interface DefinitionsSignature {
  versionId: string;
  member: { id: string; name: string };
  side: TeamSide;
  note: string | null;
  signedAt: Date;
}

interface SignatureRow {
  version_id: string;
  member_id: string;
  member_name: string;
  side: TeamSide;
  note: string | null;
  signed_at: Date;
}

export async function insertSignature(
  q: Queryable,
  s: { versionId: string; memberId: string; side: TeamSide; note: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO stage_definition_signatures (version_id, member_id, side, note)
     VALUES ($1, $2, $3, $4)`,
    [s.versionId, s.memberId, s.side, s.note],
  );
}

/** The signatures of these versions, oldest first, each with the member's name. */
export async function listSignatures(
  q: Queryable,
  versionIds: readonly string[],
): Promise<Map<string, DefinitionsSignature[]>> {
  const byVersion = new Map<string, DefinitionsSignature[]>();
  if (versionIds.length === 0) return byVersion;
  const { rows } = await q.query<SignatureRow>(
    `SELECT s.version_id, s.member_id, m.name AS member_name, s.side, s.note, s.signed_at
     FROM stage_definition_signatures s JOIN members m ON m.id = s.member_id
     WHERE s.version_id = ANY($1::uuid[]) ORDER BY s.signed_at, s.member_id`,
    [versionIds],
  );
  for (const r of rows) {
    const list = byVersion.get(r.version_id) ?? [];
    list.push({
      versionId: r.version_id,
      member: { id: r.member_id, name: r.member_name },
      side: r.side,
      note: r.note,
      signedAt: r.signed_at,
    });
    byVersion.set(r.version_id, list);
  }
  return byVersion;
}
