import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { parseRouting, type RoutingDocument } from '../../core/routing/routing-rules.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { insertRoutingVersion, listTeamIds } from '../../store/routing.js';

/**
 * Stores routing rules as a new version and puts it in force at once: the next
 * lead that qualifies is routed by it. Every problem of the document, teams
 * that do not exist included, is a 400 naming its path; nothing is stored then.
 * Earlier versions are kept, so an audit entry's rule key can be traced.
 */
export async function activateRoutingVersion(input: {
  db: Db;
  actor: Actor;
  document: unknown;
}): Promise<{ version: number; routing: RoutingDocument }> {
  const { db, actor } = input;
  authorize(actor, { action: 'routing.manage' });
  return db.transaction(async (tx) => {
    // Two managers activating at once would otherwise both take the next number.
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7245003)');
    const routing = parseRouting(input.document, { teamIds: await listTeamIds(tx) });
    const { id, version } = await insertRoutingVersion(tx, {
      document: routing,
      createdBy: actor.kind === 'member' ? actor.id : null,
      activate: true,
    });
    await insertAudit(tx, actor, {
      action: 'routing.activated',
      subjectType: 'routing_version',
      subjectId: id,
      changes: { version, rules: routing.rules.length, fallback: routing.fallback !== null },
    });
    return { version, routing };
  });
}
