import type { Queryable } from './db.js';

/**
 * The report reads (issue 7): SQL over the rollup tables only, which the fold
 * (services/reports/fold-report-rollups.ts) keeps from the contacts' history,
 * so no dashboard query scans contacts, events or transitions. Months are
 * passed and returned as YYYY-MM; '' is the "none" key of every rollup.
 */

export interface MonthRange {
  /** YYYY-MM, included. */
  from: string;
  /** YYYY-MM, included. */
  to: string;
}

const bounds = (r: MonthRange) => [`${r.from}-01`, `${r.to}-01`];

/** The columns a report may group on, by their API names: never interpolated from input. */
const funnelColumns = {
  none: "''",
  source: 'source',
  campaign: 'campaign',
  persona: 'persona',
  team: 'team',
} as const;
export type FunnelColumn = keyof typeof funnelColumns;

const entryColumns = { none: "''", team: 'team', owner: 'owner', marketer: 'marketer' } as const;
export type EntryColumn = keyof typeof entryColumns;

const touchColumns = { source: 'source', campaign: 'campaign' } as const;
export type TouchColumn = keyof typeof touchColumns;

export interface KeyedStageCount {
  key: string;
  stage: string;
  contacts: number;
}

/** Cohort contacts that reached each step, per group. */
export async function readFunnelByGroup(
  q: Queryable,
  range: MonthRange,
  split: FunnelColumn,
): Promise<KeyedStageCount[]> {
  const col = funnelColumns[split];
  const { rows } = await q.query<KeyedStageCount>(
    `SELECT ${col} AS key, stage, sum(contacts) AS contacts FROM report_funnel
     WHERE cohort_month BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
    bounds(range),
  );
  return rows;
}

/** Cohort contacts that reached each step, per cohort month (every group). */
export async function readFunnelByCohort(
  q: Queryable,
  range: MonthRange,
): Promise<{ month: string; stage: string; contacts: number }[]> {
  const { rows } = await q.query<{ month: string; stage: string; contacts: number }>(
    `SELECT to_char(cohort_month, 'YYYY-MM') AS month, stage, sum(contacts) AS contacts
     FROM report_funnel WHERE cohort_month BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
    bounds(range),
  );
  return rows;
}

/** Contacts created in the range: the cohorts' count at the first step everyone reaches. */
export async function countCohortContacts(
  q: Queryable,
  range: MonthRange,
  stage: string,
): Promise<number> {
  const { rows } = await q.query<{ contacts: number | null }>(
    `SELECT sum(contacts) AS contacts FROM report_funnel
     WHERE cohort_month BETWEEN $1::date AND $2::date AND stage = $3`,
    [...bounds(range), stage],
  );
  return rows[0]?.contacts ?? 0;
}

export interface DurationBucketRow {
  key: string;
  stage: string;
  bucket: number;
  stays: number;
  seconds: number;
}

/** The stays' histogram per group and stage. */
export async function readStageDurations(
  q: Queryable,
  range: MonthRange,
  split: FunnelColumn,
): Promise<DurationBucketRow[]> {
  const { rows } = await q.query<DurationBucketRow>(
    `SELECT value AS key, stage, bucket, sum(stays) AS stays, sum(seconds) AS seconds
     FROM report_stage_durations
     WHERE split = $3 AND cohort_month BETWEEN $1::date AND $2::date
     GROUP BY 1, 2, 3`,
    [...bounds(range), split],
  );
  return rows;
}

export interface LeadQualityRow {
  key: string;
  handed: number;
  accepted: number;
  rejected: number;
  sql: number;
  won: number;
  lost: number;
  revenue: number;
}

export async function readLeadQuality(
  q: Queryable,
  range: MonthRange,
  touch: 'first' | 'last',
  by: TouchColumn,
): Promise<LeadQualityRow[]> {
  const col = touchColumns[by];
  const { rows } = await q.query<LeadQualityRow>(
    `SELECT ${col} AS key, sum(handed) AS handed, sum(accepted) AS accepted,
       sum(rejected) AS rejected, sum(sql) AS sql, sum(won) AS won, sum(lost) AS lost,
       sum(revenue) AS revenue
     FROM report_lead_quality
     WHERE handed_month BETWEEN $1::date AND $2::date AND touch = $3 GROUP BY 1`,
    [...bounds(range), touch],
  );
  return rows;
}

export interface ReasonRow {
  key: string;
  kind: 'reject' | 'lost';
  code: string;
  leads: number;
}

export async function readReasons(
  q: Queryable,
  range: MonthRange,
  touch: 'first' | 'last',
  by: TouchColumn,
): Promise<ReasonRow[]> {
  const col = touchColumns[by];
  const { rows } = await q.query<ReasonRow>(
    `SELECT ${col} AS key, kind, reason_code AS code, sum(leads) AS leads FROM report_reasons
     WHERE handed_month BETWEEN $1::date AND $2::date AND touch = $3 GROUP BY 1, 2, 3`,
    [...bounds(range), touch],
  );
  return rows;
}

export interface ScoreBandRow {
  band: string;
  bucket: number;
  handed: number;
  accepted: number;
  sql: number;
  won: number;
  scoreSum: number;
}

export async function readScoreBands(q: Queryable, range: MonthRange): Promise<ScoreBandRow[]> {
  const { rows } = await q.query<ScoreBandRow>(
    `SELECT band, score_bucket AS bucket, sum(handed) AS handed, sum(accepted) AS accepted,
       sum(sql) AS sql, sum(won) AS won, sum(score_sum) AS "scoreSum"
     FROM report_score_bands WHERE handed_month BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
    bounds(range),
  );
  return rows;
}

export async function readRevenue(
  q: Queryable,
  range: MonthRange,
  touch: 'first' | 'last',
  by: TouchColumn,
): Promise<{ key: string; deals: number; revenue: number }[]> {
  const col = touchColumns[by];
  const { rows } = await q.query<{ key: string; deals: number; revenue: number }>(
    `SELECT ${col} AS key, sum(deals) AS deals, sum(revenue) AS revenue FROM report_revenue
     WHERE won_month BETWEEN $1::date AND $2::date AND touch = $3 GROUP BY 1`,
    [...bounds(range), touch],
  );
  return rows;
}

export interface EntryFilter {
  owner?: string;
  team?: string;
  marketer?: string;
}

export interface StageEntryRow {
  key: string;
  stage: string;
  contacts: number;
  revenue: number;
}

/** First entries into each stage in the range, per group, narrowed to one owner, team or marketer. */
export async function readStageEntries(
  q: Queryable,
  range: MonthRange,
  by: EntryColumn,
  filter: EntryFilter = {},
): Promise<StageEntryRow[]> {
  const col = entryColumns[by];
  const { rows } = await q.query<StageEntryRow>(
    `SELECT ${col} AS key, stage, sum(contacts) AS contacts, sum(revenue) AS revenue
     FROM report_stage_entries
     WHERE month BETWEEN $1::date AND $2::date
       AND ($3::text IS NULL OR owner = $3) AND ($4::text IS NULL OR team = $4)
       AND ($5::text IS NULL OR marketer = $5)
     GROUP BY 1, 2`,
    [...bounds(range), filter.owner ?? null, filter.team ?? null, filter.marketer ?? null],
  );
  return rows;
}

/** Team and member names, to label rows keyed by their ids. */
export async function readTeamNames(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ id: string; name: string }>(
    'SELECT id::text AS id, name FROM teams',
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function readMemberNames(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ id: string; name: string }>(
    'SELECT id::text AS id, name FROM members',
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
