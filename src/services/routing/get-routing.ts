import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { RoutingDocument } from '../../core/routing/routing-rules.js';
import type { Queryable } from '../../store/db.js';
import { listRoutingVersions, type RoutingVersionRow } from '../../store/routing-versions.js';

export type RoutingVersion = Omit<RoutingVersionRow, 'document'> & { document: RoutingDocument };

/**
 * The routing rules in force (null: leads wait to be claimed) and every
 * version, newest first. Anyone reads them: marketing sees where its leads
 * go. Documents were validated when saved, against the teams then.
 */
export async function getRouting(input: {
  db: Queryable;
  actor: Actor;
}): Promise<{ active: RoutingVersion | null; versions: RoutingVersion[] }> {
  authorize(input.actor, { action: 'member.read' });
  const versions = (await listRoutingVersions(input.db)).map((v) => ({
    ...v,
    document: v.document as RoutingDocument,
  }));
  return { active: versions.find((v) => v.active) ?? null, versions };
}
