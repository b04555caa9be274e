import type { StageDefinition } from '../stages.js';
import type { ClockEvent } from './clocks.js';

/**
 * Which clock event a lead's stage move is, so every way of moving a lead
 * (the lead desk's actions, a contact edit) feeds the clocks the same way.
 *
 * - A reject reason code: rejected (the decision, and the reason is the outcome).
 * - A lost reason code: outcome recorded.
 * - From a route stage (MQL/PQL/CQL) into a sales stage: accepted.
 * - Into 'disqualified' without a reason code: paused, keeping each window's
 *   remainder, since disqualification can be undone. The default definitions
 *   require a reason code there, so a disqualification is normally a rejection
 *   or a lost deal, which settles every clock (the decision and the outcome are
 *   recorded) rather than leaving them on hold.
 * - Out of 'disqualified': the lead returns to marketing, so the handoff it
 *   belonged to is over; that is its outcome (a new qualification is a new
 *   handoff with fresh clocks).
 * - Any other move out of the route stage or along sales' stages (SQL,
 *   opportunity, customer, recycled): outcome recorded.
 * - Moves among marketing's own stages: none.
 */
export type StageMoveEvent = Exclude<
  ClockEvent['type'],
  'attempt_logged' | 'resumed' | 'reassigned'
>;

export interface StageMove {
  from: Pick<StageDefinition, 'key' | 'kind' | 'owningTeam'> | null;
  to: Pick<StageDefinition, 'key' | 'kind' | 'owningTeam'>;
  /** The kind of the reason code the move carries, if any. */
  reasonKind: 'reject' | 'lost' | null;
}

export const disqualifiedStage = 'disqualified';

export function clockEventOfMove(move: StageMove): StageMoveEvent | null {
  const { from, to, reasonKind } = move;
  if (reasonKind === 'reject') return 'rejected';
  if (reasonKind === 'lost') return 'outcome_recorded';
  if (to.key === disqualifiedStage) return 'paused';
  if (from?.key === disqualifiedStage) return 'outcome_recorded';
  const fromSales = from !== null && (from.kind === 'route' || from.owningTeam === 'sales');
  if (!fromSales) return null;
  if (from.kind === 'route' && to.owningTeam === 'sales' && to.kind === 'funnel') return 'accepted';
  return 'outcome_recorded';
}

/**
 * Stages in which a lead counts against its owner's capacity: handed over and
 * not yet closed (route stages, and sales' funnel stages that lead somewhere).
 */
export function openLeadStageKeys(stages: readonly StageDefinition[]): string[] {
  return stages
    .filter(
      (s) =>
        s.kind === 'route' ||
        (s.kind === 'funnel' && s.owningTeam === 'sales' && s.allowedTransitions.length > 0),
    )
    .map((s) => s.key);
}

/** The stages a lead is handed to sales through: clocks start from a move into one. */
export function routeStageKeys(stages: readonly StageDefinition[]): string[] {
  return stages.filter((s) => s.kind === 'route').map((s) => s.key);
}
