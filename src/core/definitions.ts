import type { Predicate } from './scoring/model.js';
import type { StageDefinition } from './stages.js';
import { defaultStageDefinitions } from './stages.js';

/**
 * The shared definitions (DESIGN.md §3): one signed, versioned document holding
 * the stage glossary, the personas, the reject and lost reason codes and the
 * qualification framework. Everything here is immutable once proposed.
 */

/** A named buyer profile; contacts are matched to the first persona (by order) whose criteria hold. */
export interface Persona {
  key: string;
  name: string;
  description: string;
  goals: string[];
  pains: string[];
  /** The scoring model's predicate language on contact and account fields (no `persona` op). */
  criteria: Predicate;
}

/** reject: sales turns down a lead it was handed; lost: a qualified deal did not close. */
export type ReasonKind = 'reject' | 'lost';

export interface ReasonCode {
  key: string;
  label: string;
  kind: ReasonKind;
  /** The exit stage the lead moves to when this reason is given (recycled or disqualified). */
  outcome: string;
}

export type FrameworkKey = 'bant' | 'gpct';

export interface QualificationField {
  key: string;
  label: string;
  help: string;
}

export interface QualificationFramework {
  key: FrameworkKey;
  name: string;
  fields: QualificationField[];
}

export interface Definitions {
  stages: StageDefinition[];
  personas: Persona[];
  reasonCodes: ReasonCode[];
  qualification: QualificationFramework;
}

/**
 * Stages the lead desk's actions name (accept → sal, qualify → sql, …); a
 * version may rename them, reword them and add stages, not drop these keys.
 */
export const requiredStageKeys = [
  'lead',
  'mql',
  'pql',
  'cql',
  'sal',
  'sql',
  'opportunity',
  'customer',
  'recycled',
  'disqualified',
] as const;

export const frameworks: Record<FrameworkKey, QualificationFramework> = {
  bant: {
    key: 'bant',
    name: 'BANT',
    fields: [
      { key: 'budget', label: 'Budget', help: 'Is money set aside, how much, and who holds it?' },
      {
        key: 'authority',
        label: 'Authority',
        help: 'Who decides and who signs; is that person involved?',
      },
      {
        key: 'need',
        label: 'Need',
        help: 'Which problem must be solved, and what it costs today.',
      },
      { key: 'timeline', label: 'Timeline', help: 'When a decision and a start are expected.' },
    ],
  },
  gpct: {
    key: 'gpct',
    name: 'GPCT',
    fields: [
      { key: 'goals', label: 'Goals', help: 'The figures the buyer must reach, and by when.' },
      { key: 'plans', label: 'Plans', help: 'How they mean to reach them today.' },
      { key: 'challenges', label: 'Challenges', help: 'What stands in the way of those plans.' },
      { key: 'timeline', label: 'Timeline', help: 'When they must act for the goals to hold.' },
    ],
  },
};

export const defaultPersonas: Persona[] = [
  {
    key: 'revops-leader',
    name: 'Revenue operations leader',
    description:
      'Runs the systems and processes between marketing and sales; owns the funnel numbers both teams report.',
    goals: ['One set of funnel numbers', 'Leads followed up within the SLA'],
    pains: ['Arguments over lead quality', 'Spreadsheets stitched from three tools'],
    criteria: {
      op: 'regex',
      field: 'title',
      pattern: '(revenue operations|sales ops|revops|crm manager|chief revenue)',
    },
  },
  {
    key: 'demand-gen-marketer',
    name: 'Demand generation marketer',
    description: 'Plans campaigns and is measured on qualified pipeline, not on lead volume.',
    goals: ['More MQLs that sales accepts', 'Budget moved to the campaigns that close'],
    pains: ['Never hears what happened to the leads', 'Scoring nobody trusts'],
    criteria: {
      op: 'regex',
      field: 'title',
      pattern: '(demand gen|growth|marketing operations|vp marketing|chief marketing)',
    },
  },
  {
    key: 'sales-leader',
    name: 'Sales leader',
    description: 'Manages a team of reps and answers for the number.',
    goals: ['Reps spend time on leads that close', 'A forecast that holds'],
    pains: ['Leads that are not ready', 'No context on why a lead was sent'],
    criteria: { op: 'regex', field: 'title', pattern: '(vp sales|sales manager|head of sales)' },
  },
];

export const defaultReasonCodes: ReasonCode[] = [
  {
    key: 'not_ready',
    label: 'Not ready: revisit next quarter',
    kind: 'reject',
    outcome: 'recycled',
  },
  { key: 'no_budget', label: 'No budget this year', kind: 'reject', outcome: 'recycled' },
  {
    key: 'renewed_elsewhere',
    label: 'Just renewed with another vendor',
    kind: 'reject',
    outcome: 'recycled',
  },
  {
    key: 'no_response',
    label: 'No response after the attempts the SLA asks for',
    kind: 'reject',
    outcome: 'recycled',
  },
  { key: 'student', label: 'Student', kind: 'reject', outcome: 'disqualified' },
  { key: 'competitor', label: 'Competitor', kind: 'reject', outcome: 'disqualified' },
  { key: 'wrong_size', label: 'Wrong company size', kind: 'reject', outcome: 'disqualified' },
  { key: 'spam', label: 'Spam or fake details', kind: 'reject', outcome: 'disqualified' },
  { key: 'job_seeker', label: 'Job seeker', kind: 'reject', outcome: 'disqualified' },
  { key: 'lost_budget', label: 'Lost: no budget this year', kind: 'lost', outcome: 'recycled' },
  { key: 'lost_competitor', label: 'Lost: chose a competitor', kind: 'lost', outcome: 'recycled' },
  { key: 'lost_postponed', label: 'Lost: project postponed', kind: 'lost', outcome: 'recycled' },
  { key: 'lost_price', label: 'Lost: price', kind: 'lost', outcome: 'recycled' },
  {
    key: 'lost_cancelled',
    label: 'Lost: company acquired, project cancelled',
    kind: 'lost',
    outcome: 'disqualified',
  },
  {
    key: 'lost_on_premises',
    label: 'Lost: on-premises only requirement',
    kind: 'lost',
    outcome: 'disqualified',
  },
];

export const defaultDefinitions: Definitions = {
  stages: defaultStageDefinitions,
  personas: defaultPersonas,
  reasonCodes: defaultReasonCodes,
  qualification: frameworks.bant,
};

export function findReasonCode(definitions: Definitions, key: string): ReasonCode | undefined {
  return definitions.reasonCodes.find((r) => r.key === key);
}

/** The framework fields still unanswered (blank answers count as unanswered). */
export function missingQualificationFields(
  framework: QualificationFramework,
  answers: Record<string, unknown>,
): string[] {
  return framework.fields
    .filter((f) => {
      const a = answers[f.key];
      return typeof a !== 'string' || a.trim() === '';
    })
    .map((f) => f.key);
}
