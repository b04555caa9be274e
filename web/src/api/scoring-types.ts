/**
 * The scoring API's shapes as the web app uses them. The model document mirrors
 * src/core/scoring/model.ts; it is declared again here because the web app talks
 * to the server over HTTP only and must not import server code.
 */

export type Scalar = string | number | boolean;

export type Predicate =
  | { op: 'equals'; field: string; value: Scalar; caseSensitive?: boolean }
  | { op: 'in'; field: string; values: Scalar[]; caseSensitive?: boolean }
  | { op: 'contains'; field: string; value: string; caseSensitive?: boolean }
  | { op: 'range'; field: string; min?: number; max?: number }
  | { op: 'exists'; field: string }
  | { op: 'regex'; field: string; pattern: string; caseSensitive?: boolean }
  | { op: 'persona'; personas: string[] }
  | { op: 'all'; predicates: Predicate[] }
  | { op: 'any'; predicates: Predicate[] }
  | { op: 'not'; predicate: Predicate };

export type PredicateOp = Predicate['op'];

/** Which fields a predicate may read: a contact's (and its account's) or an event's. */
export type PredicateScope = 'contact' | 'event';

export interface WindowCap {
  points: number;
  days: number;
}

export interface FitRule {
  id: string;
  label: string;
  points: number;
  predicate: Predicate;
}

export interface EngagementRule {
  id: string;
  label: string;
  points: number;
  eventType: string;
  filters?: Predicate[];
  cap?: WindowCap;
}

export type NegativeRule = (FitRule & { on: 'fit' }) | (EngagementRule & { on: 'engagement' });

export interface ActivityCondition {
  eventTypes: string[];
  filters?: Predicate[];
  minOccurrences: number;
  withinDays: number;
}

export interface RouteCriteria {
  conditions: ActivityCondition[];
  minFit?: number;
}

export interface ScoringModel {
  halfLifeDays: number;
  fit: FitRule[];
  engagement: EngagementRule[];
  negative: NegativeRule[];
  bands: { warm: number; hot: number };
  qualification: {
    mql: { minTotal: number; minFit?: number; minEngagement?: number };
    pql?: RouteCriteria;
    cql?: RouteCriteria;
  };
}

export type ModelStatus = 'draft' | 'active' | 'retired';
export type ModelOrigin = 'default' | 'manual' | 'learned';

export interface MemberRef {
  id: string;
  name: string;
}

export interface ModelVersion {
  id: string;
  version: number;
  name: string;
  status: ModelStatus;
  note: string | null;
  origin: ModelOrigin;
  createdBy: MemberRef | null;
  createdAt: string;
  updatedAt: string;
  activatedBy: MemberRef | null;
  activatedAt: string | null;
  retiredAt: string | null;
}

export interface ModelVersionDetail extends ModelVersion {
  document: ScoringModel;
  report: unknown | null;
}

export interface Rescore {
  id: string;
  modelId: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  done: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface Activation {
  model: ModelVersion;
  rescore: Rescore;
}

/** A problem of a model document; `path` is a JSON pointer without the leading slash. */
export interface ModelProblem {
  path: string;
  message: string;
}

export interface ModelValidation {
  valid: boolean;
  problems: ModelProblem[];
}

export type Band = 'cold' | 'warm' | 'hot';
export type Route = 'mql' | 'pql' | 'cql';

export interface ContributionEvent {
  id: string;
  type: string;
  name: string | null;
  occurredAt: string;
}

export interface Contribution {
  ruleId: string;
  label: string;
  kind: 'fit' | 'engagement' | 'negative';
  part: 'fit' | 'engagement';
  /** After decay, in whole units of 0.0001 point. */
  points: number;
  occurrences: number;
  events: ContributionEvent[];
}

export interface ContactScore {
  model: { id: string; version: number; name: string };
  at: string;
  fit: number;
  engagement: number;
  total: number;
  band: Band;
  qualifies: Record<Route, boolean>;
  contributions: Contribution[];
  nextChange: { at: string; reasons: ('band' | Route)[] } | null;
  /** A learned version's exact probability of its outcome; null for hand-written versions. */
  probability: number | null;
}

export interface ScoreHistoryEntry {
  modelVersion: number;
  fit: number;
  engagement: number;
  total: number;
  band: Band;
  qualifies: string[];
  cause: 'activity' | 'profile' | 'decay' | 'rescore';
  occurredAt: string;
}
