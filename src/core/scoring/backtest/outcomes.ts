import { defaultStageDefinitions } from '../../stages.js';

/**
 * What actually happened to a contact, read from its recorded stage
 * transitions (never from its current stage, which recycling may have moved
 * back). "Reached" a stage means a transition into it or into any stage past it
 * on the default funnel: a lead sales took straight to SQL was accepted too.
 * Exits (recycled, disqualified) are past nothing.
 *
 * Outcomes count whenever they were recorded, also after the backtest's period:
 * a lead qualified in March is often won in June, and that is the answer a
 * backtest of March wants.
 */

export type OutcomeStage = 'sal' | 'sql' | 'customer';

export const outcomeStages: readonly OutcomeStage[] = ['sal', 'sql', 'customer'];

export interface StageTransitionRecord {
  toStage: string;
  occurredAt: Date;
}

function stagesFrom(key: string): ReadonlySet<string> {
  const position = defaultStageDefinitions.find((s) => s.key === key)!.position;
  return new Set(
    defaultStageDefinitions
      .filter((s) => s.kind !== 'exit' && s.position >= position)
      .map((s) => s.key),
  );
}

/** MQL, PQL, CQL and everything past them: the contact was in sales' hands from then on. */
export const handoffStages = stagesFrom('mql');

const reachedStages: Record<OutcomeStage, ReadonlySet<string>> = {
  sal: stagesFrom('sal'),
  sql: stagesFrom('sql'),
  customer: stagesFrom('customer'),
};

export interface ContactOutcome {
  /** The first transition into a handoff stage: when sales actually got the contact. */
  handedOffAt: number | null;
  accepted: boolean;
  sql: boolean;
  won: boolean;
}

export function contactOutcome(transitions: readonly StageTransitionRecord[]): ContactOutcome {
  let handedOffAt: number | null = null;
  let accepted = false;
  let sql = false;
  let won = false;
  for (const t of transitions) {
    if (handoffStages.has(t.toStage)) {
      const at = t.occurredAt.getTime();
      if (handedOffAt === null || at < handedOffAt) handedOffAt = at;
    }
    accepted ||= reachedStages.sal.has(t.toStage);
    sql ||= reachedStages.sql.has(t.toStage);
    won ||= reachedStages.customer.has(t.toStage);
  }
  return { handedOffAt, accepted, sql, won };
}

export function reached(outcome: ContactOutcome, stage: OutcomeStage): boolean {
  return stage === 'sal' ? outcome.accepted : stage === 'sql' ? outcome.sql : outcome.won;
}
