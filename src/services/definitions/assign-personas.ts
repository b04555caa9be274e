import { matchPersona } from '../../core/personas.js';
import type { ScoringInput } from '../../store/contact-scores.js';
import type { Queryable } from '../../store/db.js';
import { updatePersonaKeys } from '../../store/personas.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';

/**
 * Matches the contacts scoring just loaded to the personas in force, inside
 * the scoring transaction: the contacts whose persona changed are written
 * with one statement, and each input's contact carries its new persona so
 * the fit rules that name personas see it at once. The definitions are
 * cached by version id (a version never changes), so this costs one small
 * query per transaction plus the matching itself.
 */
export async function assignPersonas(
  tx: Queryable,
  inputs: readonly ScoringInput[],
): Promise<void> {
  if (inputs.length === 0) return;
  const { personas } = await loadActiveDefinitions(tx);
  const changes: { contactId: string; personaKey: string | null }[] = [];
  for (const input of inputs) {
    const key = matchPersona(personas, input.contact);
    if (key === input.contact.personaKey) continue;
    input.contact.personaKey = key;
    changes.push({ contactId: input.contactId, personaKey: key });
  }
  await updatePersonaKeys(tx, changes);
}
