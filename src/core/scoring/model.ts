/**
 * The scoring model document (DESIGN.md §3, "Scoring model"): what marketing and
 * sales agree scores a lead. It is stored as JSON; validate-model.ts is the only
 * way in, so everything below may assume a document that passed it.
 */

export type Scalar = string | number | boolean;

/**
 * Fields a predicate can read. On a contact: `email`, `emailDomain`, `title`,
 * `properties.<path>`, `account.domain|industry|employees|annualRevenue|country`
 * and `account.properties.<path>`. On an event: `name` and `properties.<path>`.
 * A `<path>` descends into nested objects at each dot.
 */
export type FieldPath = string;

/** String comparisons ignore case unless `caseSensitive` is true: "VP" and "vp" are one title. */
export interface EqualsPredicate {
  op: 'equals';
  field: FieldPath;
  value: Scalar;
  caseSensitive?: boolean;
}

export interface InPredicate {
  op: 'in';
  field: FieldPath;
  values: Scalar[];
  caseSensitive?: boolean;
}

/** Substring of a text value, or an element of a list value (tags). */
export interface ContainsPredicate {
  op: 'contains';
  field: FieldPath;
  value: string;
  caseSensitive?: boolean;
}

/** Inclusive at both ends; either end may be left open. */
export interface RangePredicate {
  op: 'range';
  field: FieldPath;
  min?: number;
  max?: number;
}

/** Present and not blank: null, "", whitespace and [] count as missing. */
export interface ExistsPredicate {
  op: 'exists';
  field: FieldPath;
}

/** Checked at load for patterns that can backtrack catastrophically (safe-regex.ts). */
export interface RegexPredicate {
  op: 'regex';
  field: FieldPath;
  pattern: string;
  caseSensitive?: boolean;
}

/** The contact was matched to one of these personas (contacts only). */
export interface PersonaPredicate {
  op: 'persona';
  personas: string[];
}

export interface AllPredicate {
  op: 'all';
  predicates: Predicate[];
}

export interface AnyPredicate {
  op: 'any';
  predicates: Predicate[];
}

export interface NotPredicate {
  op: 'not';
  predicate: Predicate;
}

export type Predicate =
  | EqualsPredicate
  | InPredicate
  | ContainsPredicate
  | RangePredicate
  | ExistsPredicate
  | RegexPredicate
  | PersonaPredicate
  | AllPredicate
  | AnyPredicate
  | NotPredicate;

export type PredicateOp = Predicate['op'];

export interface RuleBase {
  /** Stable across versions, so explanations and backtests can compare rules by id. */
  id: string;
  label: string;
  /** At most 4 decimal places (the explanation's unit, see points.ts). */
  points: number;
}

/** Points for who the contact is; they do not decay. */
export interface FitRule extends RuleBase {
  predicate: Predicate;
}

/**
 * At most `points` (in absolute value) per window of `days` days. Windows are
 * fixed, counted from Monday 1970-01-05 00:00 UTC (so a 7-day cap runs Monday to
 * Monday, UTC); inside one, events earn in the order they occurred. See caps.ts
 * for why the windows are fixed rather than sliding.
 */
export interface WindowCap {
  points: number;
  days: number;
}

/** Points per occurrence of an event, decaying with the model's half-life. */
export interface EngagementRule extends RuleBase {
  /** The glossary's snake_case event type, e.g. page_viewed, form_submitted. */
  eventType: string;
  /** All must hold; fields are the event's (`name`, `properties.<path>`). */
  filters?: Predicate[];
  cap?: WindowCap;
}

/** A fit or engagement rule that takes points away: competitor domain, student, unsubscribe. */
export type NegativeRule = (FitRule & { on: 'fit' }) | (EngagementRule & { on: 'engagement' });

/** cold below `warm`, warm from `warm`, hot from `hot` (total score, inclusive). */
export interface Bands {
  warm: number;
  hot: number;
}

export type Band = 'cold' | 'warm' | 'hot';

/** Thresholds are inclusive. */
export interface MqlCriteria {
  minTotal: number;
  minFit?: number;
  minEngagement?: number;
}

/** At least `minOccurrences` matching events in the last `withinDays` days (inclusive). */
export interface ActivityCondition {
  eventTypes: string[];
  /** All must hold; e.g. `{ op: 'in', field: 'name', values: [...] }` to pick event names. */
  filters?: Predicate[];
  minOccurrences: number;
  withinDays: number;
}

/** PQL (product events) and CQL (conversation events): every condition holds, and fit is high enough. */
export interface RouteCriteria {
  conditions: ActivityCondition[];
  minFit?: number;
}

export interface Qualification {
  mql: MqlCriteria;
  /** Absent: this workspace does not use the route; nobody qualifies by it. */
  pql?: RouteCriteria;
  cql?: RouteCriteria;
}

export interface ScoringModel {
  /** Engagement halves every `halfLifeDays` days. */
  halfLifeDays: number;
  fit: FitRule[];
  engagement: EngagementRule[];
  negative: NegativeRule[];
  bands: Bands;
  qualification: Qualification;
}

/* What the evaluator reads. Plain shapes: the service layer maps rows onto them. */

export interface ScoringAccount {
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  properties: Record<string, unknown>;
}

export interface ScoringContact {
  email: string | null;
  title: string | null;
  properties: Record<string, unknown>;
  account: ScoringAccount | null;
  personaKey: string | null;
}

export interface ScoringEvent {
  id: string;
  type: string;
  name: string | null;
  properties: Record<string, unknown>;
  occurredAt: Date;
}

export type RouteKey = 'pql' | 'cql';

export const dayMs = 86_400_000;
