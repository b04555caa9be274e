import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { type ModelProblem, validateScoringModel } from '../../core/scoring/validate-model.js';

/** Every problem of a document, for an editor to show as the user types. Stores nothing. */
export function validateScoringDocument(input: { actor: Actor; document: unknown }): {
  valid: boolean;
  problems: ModelProblem[];
} {
  authorize(input.actor, { action: 'scoring.read' });
  const result = validateScoringModel(input.document);
  return result.ok ? { valid: true, problems: [] } : { valid: false, problems: result.problems };
}
