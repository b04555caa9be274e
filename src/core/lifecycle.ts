import { AppError } from './app-error.js';
import {
  type Definitions,
  findReasonCode,
  missingQualificationFields,
  type ReasonKind,
} from './definitions.js';
import { assertTransition, findStage } from './stages.js';

/**
 * The lead lifecycle's rules, decided without I/O: whether a move is allowed by
 * the definitions in force and carries what its target stage requires.
 */

export interface TransitionRequest {
  to: string;
  reasonCode?: string | null | undefined;
  /** Free text beside the code: what the rep wants marketing to know. */
  note?: string | null | undefined;
  amount?: number | null | undefined;
}

export interface LeadState {
  stage: string;
  qualification: Record<string, unknown>;
}

export interface PlannedTransition {
  from: string;
  to: string;
  reasonCode: string | null;
  note: string | null;
  amount: number | null;
}

/**
 * Checks a requested move and returns what to record. Throws invalid_transition
 * (409, listing the allowed targets), conflict (409) when the qualification
 * framework is incomplete, or validation_failed (400) for a missing or
 * unknown reason code or amount.
 */
export function planTransition(
  definitions: Definitions,
  lead: LeadState,
  request: TransitionRequest,
): PlannedTransition {
  const { stages } = definitions;
  assertTransition(stages, lead.stage, request.to);
  const target = findStage(stages, request.to);
  const reasonCode = request.reasonCode ?? null;
  const amount = request.amount ?? null;

  if (target.entryRequirements.includes('reason')) {
    if (reasonCode === null)
      throw fieldError('reasonCode', `a reason code is required to move to "${target.key}"`);
    const code = findReasonCode(definitions, reasonCode);
    if (!code) throw fieldError('reasonCode', unknownReason(definitions, reasonCode));
    if (code.outcome !== target.key)
      throw fieldError(
        'reasonCode',
        `"${reasonCode}" moves a lead to "${code.outcome}", not to "${target.key}"`,
      );
  } else if (reasonCode !== null && !findReasonCode(definitions, reasonCode)) {
    throw fieldError('reasonCode', unknownReason(definitions, reasonCode));
  }

  if (target.entryRequirements.includes('amount') && (amount === null || !(amount > 0)))
    throw fieldError('amount', `a positive amount is required to move to "${target.key}"`);

  if (target.entryRequirements.includes('qualification')) {
    const framework = definitions.qualification;
    const missing = missingQualificationFields(framework, lead.qualification);
    if (missing.length > 0)
      throw new AppError(
        'conflict',
        `${framework.name} is not complete: ${missing.join(', ')} must be answered before "${target.key}"`,
        {
          fields: missing.map((key) => ({ field: `qualification/${key}`, message: 'is required' })),
          extensions: { missing },
        },
      );
  }

  return { from: lead.stage, to: target.key, reasonCode, note: request.note ?? null, amount };
}

/**
 * Reject and lost are a reason code away from their target: the code says
 * whether the lead is recycled (nurture) or disqualified.
 */
export function exitFor(definitions: Definitions, kind: ReasonKind, reasonCode: string): string {
  const code = findReasonCode(definitions, reasonCode);
  if (!code || code.kind !== kind) {
    const known = definitions.reasonCodes.filter((r) => r.kind === kind).map((r) => r.key);
    throw fieldError('reasonCode', `must be one of the ${kind} reasons: ${known.join(', ')}`);
  }
  return code.outcome;
}

/**
 * The route a contact the scoring model qualifies is moved to, when its stage
 * allows one. A conversation (CQL) or product use (PQL) is a more specific
 * signal than a score, so those routes come first.
 */
export const routePreference = ['cql', 'pql', 'mql'] as const;

export function qualificationRoute(
  definitions: Definitions,
  stage: string,
  qualifies: readonly string[],
): string | null {
  const current = definitions.stages.find((s) => s.key === stage);
  if (!current) return null;
  for (const route of routePreference)
    if (qualifies.includes(route) && current.allowedTransitions.includes(route)) return route;
  return null;
}

/**
 * Funnel stages qualify whenever the model says so; a contact in an exit
 * stage (recycled) qualifies again only on activity after it got there, so
 * a lead sales just handed back is not handed over again by the score it
 * already had.
 */
export function needsFreshActivity(definitions: Definitions, stage: string): boolean {
  return definitions.stages.find((s) => s.key === stage)?.kind === 'exit';
}

function unknownReason(definitions: Definitions, key: string): string {
  return `"${key}" is not a reason code; known: ${definitions.reasonCodes.map((r) => r.key).join(', ')}`;
}

function fieldError(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field} ${message}`, {
    fields: [{ field, message }],
  });
}
