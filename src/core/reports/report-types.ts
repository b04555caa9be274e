/**
 * The shapes of the shared reports (issue 7) as the services return them and
 * the API, CLI and CSV show them. Every figure is read from the rollup tables
 * (store/report-reads.ts), which the fold keeps from the contacts' history.
 */

export const funnelSplits = ['none', 'source', 'campaign', 'persona', 'team'] as const;
export type FunnelSplit = (typeof funnelSplits)[number];

export const reportTouches = ['first', 'last'] as const;
export type ReportTouch = (typeof reportTouches)[number];

export const reportBys = ['source', 'campaign'] as const;
export type ReportBy = (typeof reportBys)[number];

export const summaryBys = ['none', 'team', 'owner', 'marketer'] as const;
export type SummaryBy = (typeof summaryBys)[number];

/** The key of the row that adds up every group. */
export const allRowKey = '__all__';
/** The virtual funnel step "handed to sales by any route". */
export const qualifiedStep = 'qualified';

export interface ReportPeriod {
  /** YYYY-MM, included. */
  from: string;
  /** YYYY-MM, included. */
  to: string;
}

export interface Step {
  key: string;
  label: string;
}

export interface FunnelRow {
  /** The value split on; null for "none recorded"; '__all__' for the total row. */
  key: string | null;
  label: string;
  counts: number[];
  conversions: (number | null)[];
}

export interface FunnelReport extends ReportPeriod {
  split: FunnelSplit;
  definitionsVersion: number | null;
  pending: number;
  steps: Step[];
  rows: FunnelRow[];
  cohorts: { month: string; counts: number[] }[];
}

export interface VelocityStage {
  key: string;
  label: string;
  stays: number;
  medianHours: number | null;
  p90Hours: number | null;
  meanHours: number | null;
}

export interface VelocityReport extends ReportPeriod {
  split: FunnelSplit;
  definitionsVersion: number | null;
  pending: number;
  rows: { key: string | null; label: string; stages: VelocityStage[] }[];
}

export interface ReasonCount {
  code: string | null;
  label: string;
  count: number;
}

export interface LeadQualityFigures {
  handed: number;
  accepted: number;
  rejected: number;
  sql: number;
  won: number;
  lost: number;
  revenue: number;
  acceptanceRate: number | null;
  sqlRate: number | null;
  winRate: number | null;
  rejectReasons: ReasonCount[];
  lostReasons: ReasonCount[];
}

export interface LeadQualityReport extends ReportPeriod {
  touch: ReportTouch;
  by: ReportBy;
  definitionsVersion: number | null;
  pending: number;
  reasonCodes: { key: string; label: string; kind: 'reject' | 'lost' }[];
  rows: ({ key: string | null; label: string } & LeadQualityFigures)[];
  total: LeadQualityFigures;
}

export interface ScoringBand {
  /** null: handed without a score. */
  band: string | null;
  handed: number;
  accepted: number;
  sql: number;
  won: number;
  sqlRate: number | null;
  winRate: number | null;
}

export interface CalibrationBucket {
  bucket: number;
  label: string;
  handed: number;
  meanScore: number | null;
  sqlRate: number | null;
  winRate: number | null;
}

export interface ScoringReport extends ReportPeriod {
  definitionsVersion: number | null;
  pending: number;
  bands: ScoringBand[];
  calibration: CalibrationBucket[];
}

export interface AttributionReport extends ReportPeriod {
  touch: ReportTouch;
  by: ReportBy;
  definitionsVersion: number | null;
  pending: number;
  rows: {
    key: string | null;
    label: string;
    deals: number;
    revenue: number;
    share: number | null;
  }[];
  total: { deals: number; revenue: number };
}

export interface SummaryReport extends ReportPeriod {
  by: SummaryBy;
  definitionsVersion: number | null;
  pending: number;
  stages: Step[];
  rows: { key: string | null; label: string; entries: Record<string, number>; revenue: number }[];
}

export interface PlanFigures {
  revenue: number;
  deals: number;
  sqls: number;
  mqls: number;
  leads: number;
}

export interface PlanRates {
  /** Revenue per won deal. */
  averageDeal: number | null;
  /** Deals won ÷ SQLs. */
  winRate: number | null;
  /** SQLs ÷ leads handed to sales. */
  sqlRate: number | null;
  /** Leads handed to sales ÷ contacts created. */
  handRate: number | null;
}

export interface PlanDocument {
  month: string;
  revenueTarget: number | null;
  basis: ReportPeriod;
  rates: PlanRates;
  needed: PlanFigures | null;
  actual: PlanFigures;
  slaQuota: number | null;
  definitionsVersion: number | null;
  pending: number;
}
