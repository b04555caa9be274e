import type { DefinitionsVersion } from '../../../services/definitions/definitions-version.js';

export function presentVersion(v: DefinitionsVersion) {
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    summary: v.summary,
    proposedBy: v.proposedBy,
    createdAt: v.createdAt.toISOString(),
    activatedAt: v.activatedAt?.toISOString() ?? null,
    document: v.definitions,
    signatures: v.signatures.map((s) => ({
      member: s.member,
      side: s.side,
      note: s.note,
      signedAt: s.signedAt.toISOString(),
    })),
    rematch: v.rematch && {
      status: v.rematch.status,
      done: Math.min(v.rematch.done, v.rematch.total),
      total: v.rematch.total,
      startedAt: v.rematch.startedAt.toISOString(),
      finishedAt: v.rematch.finishedAt?.toISOString() ?? null,
    },
  };
}
