/**
 * The reports and plan API's shapes (issue 7). They are the server's own core
 * types, imported rather than copied so the two cannot drift apart. Months are
 * UTC calendar months written `YYYY-MM`; a group the data has no value for
 * comes with key null and label "(none)".
 */

import type {
  AttributionReport,
  FunnelReport,
  FunnelRow,
  FunnelSplit,
  LeadQualityFigures,
  LeadQualityReport,
  PlanDocument,
  PlanFigures,
  ReasonCount,
  ReportBy,
  ReportTouch,
  ScoringReport,
  Step,
  SummaryBy,
  SummaryReport,
  VelocityReport,
  VelocityStage,
} from '../../../src/core/reports/report-types.js';

export type {
  AttributionReport,
  FunnelReport,
  FunnelRow,
  LeadQualityFigures,
  LeadQualityReport,
  PlanFigures,
  ScoringReport,
  SummaryBy,
  SummaryReport,
  VelocityReport,
  VelocityStage,
};

export type Split = FunnelSplit;
export type TouchModel = ReportTouch;
export type AttributedBy = ReportBy;
export type StepRef = Step;
export type ReasonTally = ReasonCount;
export type Plan = PlanDocument;
export type LeadQualityRow = LeadQualityReport['rows'][number];
export type SummaryRow = SummaryReport['rows'][number];

export type ReportName =
  | 'funnel'
  | 'velocity'
  | 'lead-quality'
  | 'scoring'
  | 'attribution'
  | 'summary';
