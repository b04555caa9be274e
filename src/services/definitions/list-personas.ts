import type { Persona } from '../../core/definitions.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Queryable } from '../../store/db.js';
import { countContactsByPersona } from '../../store/personas.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';

export interface PersonaInForce extends Persona {
  /** Contacts matched to this persona now. */
  contacts: number;
}

/** The personas of the definitions in force, in matching order, with their contact counts. */
export async function listPersonas(input: { db: Queryable; actor: Actor }): Promise<{
  version: { id: string; version: number };
  personas: PersonaInForce[];
}> {
  authorize(input.actor, { action: 'stages.read' });
  const [active, counts] = await Promise.all([
    loadActiveDefinitions(input.db),
    countContactsByPersona(input.db),
  ]);
  return {
    version: { id: active.id, version: active.version },
    personas: active.personas.map((p) => ({ ...p, contacts: counts.get(p.key) ?? 0 })),
  };
}
