import { needsFreshActivity, qualificationRoute } from '../../core/lifecycle.js';
import { systemActor } from '../../core/roles.js';
import type { ScoringEvent } from '../../core/scoring/model.js';
import { insertAudit } from '../../store/audit.js';
import type { ContactScoreWrite, ScoringInput } from '../../store/contact-scores.js';
import { setLifecycleStages } from '../../store/contacts.js';
import type { Queryable } from '../../store/db.js';
import {
  insertTransitions,
  stageEnteredAt,
  type TransitionWrite,
} from '../../store/transitions.js';
import { assignQualifiedLeads } from '../routing/assign-qualified-leads.js';
import { loadActiveDefinitions } from './active-definitions.js';

const routeNames: Record<string, string> = { mql: 'MQL', pql: 'PQL', cql: 'CQL' };

/**
 * The automatic half of the lifecycle: a contact the scoring model now
 * qualifies moves onto its qualification route (MQL, PQL or CQL) in the same
 * transaction as the activity that qualified it, recorded with the system as
 * actor and the model version as the reason. Only real-time scoring calls this;
 * switching model versions does not move stages by itself (the next activity
 * or profile change of a contact does). The moved contacts that have no owner
 * are then routed (services/routing), which also starts their SLA clocks.
 */
export async function routeQualifiedContacts(
  tx: Queryable,
  work: {
    inputs: readonly ScoringInput[];
    writes: readonly ContactScoreWrite[];
    appended: ReadonlyMap<string, readonly ScoringEvent[]>;
    modelVersion: number;
  },
): Promise<void> {
  const qualified = work.writes.filter((w) => w.qualifies.length > 0);
  if (qualified.length === 0) return;
  const definitions = await loadActiveDefinitions(tx);
  const stageOf = new Map(work.inputs.map((i) => [i.contactId, i.stage]));

  const moves: { contactId: string; from: string; to: string }[] = [];
  const needActivity: { contactId: string; from: string; to: string }[] = [];
  for (const w of qualified) {
    const from = stageOf.get(w.contactId);
    if (from === undefined) continue;
    const to = qualificationRoute(definitions, from, w.qualifies);
    if (to === null) continue;
    const move = { contactId: w.contactId, from, to };
    (needsFreshActivity(definitions, from) ? needActivity : moves).push(move);
  }

  // A recycled lead qualifies again only on activity after it was recycled.
  const withActivity = needActivity.filter(
    (m) => (work.appended.get(m.contactId)?.length ?? 0) > 0,
  );
  if (withActivity.length > 0) {
    const entered = await stageEnteredAt(tx, withActivity);
    for (const m of withActivity) {
      const since = entered.get(m.contactId);
      const fresh = work.appended
        .get(m.contactId)!
        .some((e) => since === undefined || e.occurredAt.getTime() > since.getTime());
      if (fresh) moves.push(m);
    }
  }
  if (moves.length === 0) return;

  const transitions: TransitionWrite[] = moves.map((m) => ({
    contactId: m.contactId,
    fromStage: m.from,
    toStage: m.to,
    actor: systemActor,
    reason: `Scoring model v${work.modelVersion}: ${routeNames[m.to] ?? m.to} criteria met`,
    definitionsVersion: definitions.version,
  }));
  await insertTransitions(tx, transitions);
  await setLifecycleStages(
    tx,
    moves.map((m) => ({ contactId: m.contactId, stage: m.to })),
  );
  // Rare (a contact qualifies once per cycle), so one audit row each is cheap enough.
  for (const t of transitions)
    await insertAudit(tx, systemActor, {
      action: 'contact.stage_changed',
      subjectType: 'contact',
      subjectId: t.contactId,
      changes: { lifecycleStage: { from: t.fromStage, to: t.toStage }, reason: t.reason },
    });
  const contactOf = new Map(work.inputs.map((i) => [i.contactId, i.contact]));
  await assignQualifiedLeads({
    tx,
    contacts: new Map(moves.map((m) => [m.contactId, contactOf.get(m.contactId)!])),
    definitions,
    now: new Date(),
  });
}
