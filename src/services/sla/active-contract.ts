import { type SlaContract, validateContract } from '../../core/sla/contract.js';
import type { Queryable } from '../../store/db.js';
import { findActiveContract } from '../../store/sla-clocks.js';

/**
 * The SLA contract in force, or null when none is (clocks then start for
 * nobody). Documents are validated when written; one that fails now is a
 * damaged row, a fault rather than a request's mistake.
 */
export async function loadActiveContract(
  q: Queryable,
): Promise<{ version: number; contract: SlaContract } | null> {
  const stored = await findActiveContract(q);
  if (!stored) return null;
  const checked = validateContract(stored.document);
  if (!checked.ok)
    throw new Error(
      `SLA contract version ${stored.version} is invalid: ${checked.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  return { version: stored.version, contract: checked.contract };
}
