/**
 * POST /api/v1/scoring/backtests as the web app uses it (the server's
 * src/core/scoring/backtest/backtest.ts says what each figure counts).
 */

export type OutcomeStage = 'sal' | 'sql' | 'customer';

export interface BacktestRequest {
  document?: unknown;
  modelId?: string;
  compareWith?: string;
  from?: string;
  to?: string;
  quotaPerRep?: number;
  outcome?: OutcomeStage;
}

export interface OutcomeCounts {
  contacts: number;
  accepted: number;
  sql: number;
  won: number;
  acceptanceRate: number | null;
  sqlRate: number | null;
  winRate: number | null;
}

export interface BandFigures extends OutcomeCounts {
  band: 'hot' | 'warm' | 'cold';
  qualified: number;
}

export interface MonthFigures {
  month: string;
  qualified: number;
  mql: number;
  pql: number;
  cql: number;
  accepted: number;
  sql: number;
  won: number;
}

export type BacktestModelRef =
  | { source: 'document' }
  | {
      source: 'version';
      id: string;
      version: number;
      name: string;
      status: 'draft' | 'active' | 'retired';
    };

export interface ModelFigures {
  key: string;
  model: BacktestModelRef;
  qualified: number;
  qualifiedBefore: number;
  months: MonthFigures[];
  bands: BandFigures[];
  qualifiedCohort: OutcomeCounts;
  notQualifiedCohort: OutcomeCounts;
  ranking: {
    positives: number;
    negatives: number;
    auc: number | null;
    roc: { fpr: number; tpr: number }[];
    gains: { share: number; captured: number; lift: number }[];
    topDecileLift: number | null;
  };
}

export interface BacktestResult {
  period: {
    from: string;
    to: string;
    start: string;
    end: string;
    evaluatedAt: string;
    months: string[];
  };
  quota: { perRep: number; reps: number; perMonth: number };
  outcome: OutcomeStage;
  contacts: number;
  cohort: number;
  handoffs: { month: string; count: number }[];
  models: ModelFigures[];
}

export const outcomeLabels: Record<OutcomeStage, string> = {
  sal: 'accepted (SAL)',
  sql: 'SQL',
  customer: 'won',
};

/** The model under test first, then the one beside it: one colour each on every chart. */
export const modelColors = ['var(--mantine-color-blue-6)', 'var(--mantine-color-gray-6)'];
export const handoffColor = 'var(--mantine-color-teal-5)';

export function modelLabel(ref: BacktestModelRef): string {
  return ref.source === 'document'
    ? 'Pasted model'
    : `v${ref.version} ${ref.name}${ref.status === 'active' ? ' (active)' : ref.status === 'draft' ? ' (draft)' : ''}`;
}

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en');

export function formatRate(x: number | null): string {
  return x === null ? '–' : percent.format(x);
}

export function formatCount(n: number): string {
  return count.format(n);
}
