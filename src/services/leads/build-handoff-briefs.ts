import type { StageDefinitionVersion } from '../../core/entities.js';
import { briefLimits, buildHandoffBrief, type HandoffBrief } from '../../core/handoff-brief.js';
import { routeStageKeys } from '../../core/sla/lead-events.js';
import { loadScoringInputs } from '../../store/contact-scores.js';
import { type Queryable, together } from '../../store/db.js';
import {
  type BriefContact,
  loadBriefContacts,
  loadBriefEvents,
  loadBriefTransitions,
} from '../../store/handoff-brief.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { loadActiveModel } from '../scoring/active-model.js';

export interface BuiltBrief {
  contact: BriefContact;
  brief: HandoffBrief;
}

/**
 * The briefs of any number of contacts with a fixed number of statements (the
 * model and definitions are cached; the rest is four set-based reads sent
 * together), so routing a whole import chunk of qualifying leads costs about
 * what routing one does. The score comes from the stored state, not a replay
 * of the history (core/handoff-brief.ts). Contacts that do not exist are left out.
 */
export async function buildHandoffBriefs(
  q: Queryable,
  contactIds: readonly string[],
  options: { now: Date; definitions?: StageDefinitionVersion },
): Promise<Map<string, BuiltBrief>> {
  const result = new Map<string, BuiltBrief>();
  if (contactIds.length === 0) return result;
  const definitions = options.definitions ?? (await loadActiveDefinitions(q));
  const active = await loadActiveModel(q);
  const [inputs, contacts, events, transitions] = await together([
    active ? loadScoringInputs(q, contactIds, { lock: false }) : Promise.resolve([]),
    loadBriefContacts(q, contactIds),
    loadBriefEvents(q, contactIds, briefLimits.eventWindow),
    loadBriefTransitions(q, contactIds, briefLimits.stageMoves),
  ] as const);
  const inputOf = new Map(inputs.map((i) => [i.contactId, i]));
  const routeStages = routeStageKeys(definitions.stages);
  for (const [id, contact] of contacts) {
    const input = inputOf.get(id);
    const state = input?.stored?.modelId === active?.id ? input?.stored?.state : null;
    const persona = definitions.personas.find((p) => p.key === contact.personaKey);
    const brief = buildHandoffBrief(
      {
        contactId: id,
        scoring:
          active && input && state ? { model: active.model, contact: input.contact, state } : null,
        // A key the definitions in force no longer name still says something.
        persona: persona
          ? { key: persona.key, name: persona.name }
          : contact.personaKey
            ? { key: contact.personaKey, name: contact.personaKey }
            : null,
        firstTouch: contact.firstTouch,
        lastTouch: contact.lastTouch,
        events: events.get(id) ?? [],
        transitions: transitions.get(id) ?? [],
        routeStages,
      },
      options.now,
    );
    result.set(id, { contact, brief });
  }
  return result;
}
