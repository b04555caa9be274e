import type { Persona } from './definitions.js';
import type { ScoringContact } from './scoring/model.js';
import { contactMatches } from './scoring/predicates.js';

/**
 * The persona a contact is matched to: the first, in the definitions' order,
 * whose criteria hold. Criteria never name personas (the document validator
 * refuses that), so the contact's current persona plays no part.
 */
export function matchPersona(personas: readonly Persona[], contact: ScoringContact): string | null {
  for (const persona of personas) if (contactMatches(persona.criteria, contact)) return persona.key;
  return null;
}
