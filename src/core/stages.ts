import { AppError } from './app-error.js';
import type { TeamSide } from './roles.js';

/** funnel: the main path; route: a qualification route handed to sales; exit: leaves the funnel. */
export type StageKind = 'funnel' | 'route' | 'exit';

/**
 * What a move into a stage must carry: the qualification framework complete,
 * a won deal's amount, or a reason code (which also picks the exit stage).
 */
export const entryRequirements = ['qualification', 'amount', 'reason'] as const;
export type EntryRequirement = (typeof entryRequirements)[number];

export interface StageDefinition {
  key: string;
  name: string;
  position: number;
  kind: StageKind;
  owningTeam: TeamSide;
  definition: string;
  entryCriteria: string;
  exitCriteria: string;
  allowedTransitions: string[];
  entryRequirements: EntryRequirement[];
}

const qualified = ['sal', 'recycled', 'disqualified'];

/** The written glossary every new workspace starts from (DESIGN.md §3). */
export const defaultStageDefinitions: StageDefinition[] = [
  {
    key: 'subscriber',
    name: 'Subscriber',
    position: 10,
    kind: 'funnel',
    owningTeam: 'marketing',
    definition:
      'Someone who opted in to hear from us (newsletter, blog) but has shown no buying interest yet.',
    entryCriteria: 'Gave an email address with consent.',
    exitCriteria: 'Shows interest beyond subscribing (a form, a download, a sign-up).',
    allowedTransitions: ['lead', 'mql', 'pql', 'cql', 'disqualified'],
    entryRequirements: [],
  },
  {
    key: 'lead',
    name: 'Lead',
    position: 20,
    kind: 'funnel',
    owningTeam: 'marketing',
    definition: 'A person who has shown interest in what we sell and whom marketing is nurturing.',
    entryCriteria:
      'Submitted a form, downloaded an asset, registered for a webinar or was imported.',
    exitCriteria: "Meets the scoring model's MQL, PQL or CQL criteria, or is disqualified.",
    allowedTransitions: ['mql', 'pql', 'cql', 'recycled', 'disqualified'],
    entryRequirements: [],
  },
  {
    key: 'mql',
    name: 'Marketing qualified lead (MQL)',
    position: 30,
    kind: 'route',
    owningTeam: 'marketing',
    definition:
      'A lead whose fit and engagement meet the agreed scoring threshold; marketing vouches that sales should talk to them.',
    entryCriteria: "Total score at or above the active model's MQL threshold and fit criteria met.",
    exitCriteria: 'Sales accepts (SAL) or rejects with a reason (recycled or disqualified).',
    allowedTransitions: qualified,
    entryRequirements: [],
  },
  {
    key: 'pql',
    name: 'Product qualified lead (PQL)',
    position: 31,
    kind: 'route',
    owningTeam: 'marketing',
    definition:
      'A lead qualified by product usage: signed up and used the features that predict buying.',
    entryCriteria: "Product events meet the active model's PQL criteria.",
    exitCriteria: 'Sales accepts (SAL) or rejects with a reason.',
    allowedTransitions: qualified,
    entryRequirements: [],
  },
  {
    key: 'cql',
    name: 'Conversation qualified lead (CQL)',
    position: 32,
    kind: 'route',
    owningTeam: 'marketing',
    definition:
      'A lead qualified in a conversation (chat, event booth) who asked to talk to sales.',
    entryCriteria: "Conversation events meet the active model's CQL criteria.",
    exitCriteria: 'Sales accepts (SAL) or rejects with a reason.',
    allowedTransitions: qualified,
    entryRequirements: [],
  },
  {
    key: 'sal',
    name: 'Sales accepted lead (SAL)',
    position: 40,
    kind: 'funnel',
    owningTeam: 'sales',
    definition: 'Sales has reviewed the lead, agrees it is worth pursuing and owns the follow-up.',
    entryCriteria: 'The owning rep accepted the lead within the SLA window.',
    exitCriteria: 'Qualified with the framework (SQL), or recycled / disqualified with a reason.',
    allowedTransitions: ['sql', 'recycled', 'disqualified'],
    entryRequirements: [],
  },
  {
    key: 'sql',
    name: 'Sales qualified lead (SQL)',
    position: 50,
    kind: 'funnel',
    owningTeam: 'sales',
    definition: 'A lead sales has qualified as a real buying opportunity.',
    entryCriteria: 'The qualification framework (BANT or GPCT) is complete.',
    exitCriteria: 'An opportunity is opened, or the lead is recycled / disqualified.',
    allowedTransitions: ['opportunity', 'recycled', 'disqualified'],
    entryRequirements: ['qualification'],
  },
  {
    key: 'opportunity',
    name: 'Opportunity',
    position: 60,
    kind: 'funnel',
    owningTeam: 'sales',
    definition: 'An active deal with an expected amount and close date.',
    entryCriteria: 'A deal is opened for this contact.',
    exitCriteria:
      'Won (customer, with amount) or lost (recycled or disqualified, with a lost reason).',
    allowedTransitions: ['customer', 'recycled', 'disqualified'],
    entryRequirements: [],
  },
  {
    key: 'customer',
    name: 'Customer',
    position: 70,
    kind: 'funnel',
    owningTeam: 'sales',
    definition: 'The deal was won.',
    entryCriteria: 'Opportunity closed won, with the amount recorded.',
    exitCriteria: 'None in this funnel.',
    allowedTransitions: [],
    entryRequirements: ['amount'],
  },
  {
    key: 'recycled',
    name: 'Recycled (nurture)',
    position: 80,
    kind: 'exit',
    owningTeam: 'marketing',
    definition: 'Not ready now; handed back to marketing for nurturing with the reason sales gave.',
    entryCriteria: 'Rejected or lost with a reason that allows another try later.',
    exitCriteria: 'Qualifies again (MQL, PQL, CQL) or is disqualified.',
    allowedTransitions: ['lead', 'mql', 'pql', 'cql', 'disqualified'],
    entryRequirements: ['reason'],
  },
  {
    key: 'disqualified',
    name: 'Disqualified',
    position: 90,
    kind: 'exit',
    owningTeam: 'marketing',
    definition:
      'Not a fit (wrong company, competitor, student, spam); kept for reporting, not contacted.',
    entryCriteria: 'Rejected or lost with a disqualifying reason.',
    exitCriteria: 'Re-opened as a lead if the facts change.',
    allowedTransitions: ['lead'],
    entryRequirements: ['reason'],
  },
];

export function findStage(stages: readonly StageDefinition[], key: string): StageDefinition {
  const stage = stages.find((s) => s.key === key);
  if (!stage) {
    throw new AppError('validation_failed', `Unknown lifecycle stage "${key}"`, {
      fields: [
        {
          field: 'lifecycleStage',
          message: `must be one of ${stages.map((s) => s.key).join(', ')}`,
        },
      ],
    });
  }
  return stage;
}

/** Throws invalid_transition (409) listing the allowed targets when `to` is not reachable from `from`. */
export function assertTransition(
  stages: readonly StageDefinition[],
  from: string,
  to: string,
): void {
  const source = findStage(stages, from);
  findStage(stages, to);
  if (!source.allowedTransitions.includes(to)) {
    throw new AppError(
      'invalid_transition',
      `A contact in stage "${from}" cannot move to "${to}"; allowed: ${source.allowedTransitions.join(', ') || 'none'}`,
      { extensions: { from, to, allowed: source.allowedTransitions } },
    );
  }
}
