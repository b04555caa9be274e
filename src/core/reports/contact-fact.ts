import { durationBucket } from './duration-buckets.js';

/**
 * What one contact contributes to the report rollups (issue 7). The fold keeps
 * each contact's fact, so when the contact changes it subtracts the old
 * contribution and adds the new one: the rollups stay exact sums over every
 * contact without ever being recomputed from the raw tables.
 */

export interface FactStage {
  key: string;
  position: number;
  kind: 'funnel' | 'route' | 'exit';
}

/** The parts of the definitions in force a fact depends on. */
export interface FactDefinitions {
  version: number;
  stages: readonly FactStage[];
  reasonCodes: readonly { key: string; kind: 'reject' | 'lost' }[];
}

export interface FactContact {
  id: string;
  createdAt: Date;
  lifecycleStage: string;
  ownerId: string | null;
  /** The owner's team. */
  teamId: string | null;
  marketerId: string | null;
  personaKey: string | null;
  firstTouchSource: string | null;
  firstTouchCampaign: string | null;
  lastTouchSource: string | null;
  lastTouchCampaign: string | null;
}

/** In stored order (occurred_at, seq). */
export interface FactTransition {
  fromStage: string | null;
  toStage: string;
  occurredAt: Date;
  reasonCode: string | null;
  amount: number | null;
}

export interface ContactFactInput {
  contact: FactContact;
  transitions: readonly FactTransition[];
  /** The last score_history row at or before the handoff (see handoffAt). */
  scoreAtHandoff: { total: number; band: string } | null;
  definitions: FactDefinitions;
}

export interface HandoffFact {
  month: string;
  accepted: boolean;
  rejected: boolean;
  sql: boolean;
  won: boolean;
  lost: boolean;
  /** Won revenue after the handoff, in cents. */
  cents: number;
  rejectReason: string | null;
  lostReason: string | null;
  /** '' and -1 when no score was recorded by the handoff. */
  band: string;
  scoreBucket: number;
  /** The total score at handoff in ten-thousandths of a point (totals have four decimals). */
  score: number;
}

/** Stored as jsonb in report_contact_facts; '' stands for none in every key. */
export interface ContactFact {
  /** The definitions version it was derived under. */
  v: number;
  /** The month the contact was created, YYYY-MM-01. */
  cohort: string;
  source: string;
  campaign: string;
  lastSource: string;
  lastCampaign: string;
  persona: string;
  team: string;
  owner: string;
  marketer: string;
  /** Funnel steps reached (stage keys and 'qualified'). */
  reached: string[];
  /** Completed stays: [stage, bucket, whole seconds]. */
  stays: [string, number, number][];
  handoff: HandoffFact | null;
  /** Deals won: [month, cents]. */
  wins: [string, number][];
  /** First entries into stages: [month, stage, cents]. */
  entries: [string, string, number][];
}

/** The virtual funnel step: handed to sales by any route (or past the routes some other way). */
export const qualifiedStep = 'qualified';

export type RollupTable =
  | 'report_funnel'
  | 'report_stage_durations'
  | 'report_lead_quality'
  | 'report_reasons'
  | 'report_score_bands'
  | 'report_revenue'
  | 'report_stage_entries';

export interface RollupLayout {
  /** Key columns in primary key order. */
  keys: readonly string[];
  /**
   * Measure columns; the first counts the contributions (a row whose count is
   * 0 holds nothing). A cell carries each measure as an integer: the column's
   * value times `scale`, so sums and differences are exact.
   */
  measures: readonly { name: string; scale: number }[];
}

const count = (name: string) => ({ name, scale: 1 });
const cents = (name: string) => ({ name, scale: 100 });

export const rollupLayouts: Record<RollupTable, RollupLayout> = {
  report_funnel: {
    keys: ['cohort_month', 'stage', 'source', 'campaign', 'persona', 'team'],
    measures: [count('contacts')],
  },
  report_stage_durations: {
    keys: ['split', 'cohort_month', 'stage', 'bucket', 'value'],
    measures: [count('stays'), count('seconds')],
  },
  report_lead_quality: {
    keys: ['handed_month', 'touch', 'source', 'campaign'],
    measures: [
      count('handed'),
      count('accepted'),
      count('rejected'),
      count('sql'),
      count('won'),
      count('lost'),
      cents('revenue'),
    ],
  },
  report_reasons: {
    keys: ['handed_month', 'touch', 'source', 'campaign', 'kind', 'reason_code'],
    measures: [count('leads')],
  },
  report_score_bands: {
    keys: ['handed_month', 'band', 'score_bucket'],
    measures: [
      count('handed'),
      count('accepted'),
      count('sql'),
      count('won'),
      { name: 'score_sum', scale: 10000 },
    ],
  },
  report_revenue: {
    keys: ['won_month', 'touch', 'source', 'campaign'],
    measures: [count('deals'), cents('revenue')],
  },
  report_stage_entries: {
    keys: ['month', 'stage', 'team', 'owner', 'marketer'],
    measures: [count('contacts'), cents('revenue')],
  },
};

export const rollupTables = Object.keys(rollupLayouts) as RollupTable[];

export interface RollupCell {
  table: RollupTable;
  /** In the layout's key order: months as YYYY-MM-01, buckets as numbers. */
  key: readonly (string | number)[];
  /** In the layout's measure order, scaled to integers. */
  measures: readonly number[];
}

export function monthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

interface PathEntry {
  stage: string;
  at: Date;
  /** Null for the stage the contact was created in before its first transition. */
  transition: FactTransition | null;
}

/**
 * The stages in the order the contact went through them: the stage it was
 * created in (the first transition's from_stage, or the current stage when it
 * never moved), then every transition's to_stage.
 */
function stagePath(contact: FactContact, transitions: readonly FactTransition[]): PathEntry[] {
  const path: PathEntry[] = [];
  const created = transitions.length === 0 ? contact.lifecycleStage : transitions[0]!.fromStage;
  // A first transition from nowhere is the creation itself (its to_stage is the creation stage).
  if (created !== null) path.push({ stage: created, at: contact.createdAt, transition: null });
  for (const t of transitions) path.push({ stage: t.toStage, at: t.occurredAt, transition: t });
  return path;
}

function stageIndex(definitions: FactDefinitions): Map<string, FactStage> {
  return new Map(definitions.stages.map((s) => [s.key, s]));
}

function handoffIndex(path: readonly PathEntry[], stages: Map<string, FactStage>): number {
  return path.findIndex((e) => stages.get(e.stage)?.kind === 'route');
}

/** The first entry into a route stage: the lead was handed to sales. Null when it never was. */
export function handoffAt(
  contact: FactContact,
  transitions: readonly FactTransition[],
  definitions: FactDefinitions,
): Date | null {
  const path = stagePath(contact, transitions);
  const i = handoffIndex(path, stageIndex(definitions));
  return i < 0 ? null : path[i]!.at;
}

const toCents = (amount: number | null) => (amount === null ? 0 : Math.round(amount * 100));

function positionOf(stages: Map<string, FactStage>, key: string): number {
  return stages.get(key)?.position ?? Number.POSITIVE_INFINITY;
}

/** Funnel stages at or past `from`: entering one means `from` was reached (sal → accepted, …). */
function funnelFrom(stages: Map<string, FactStage>, from: string): (stage: string) => boolean {
  const position = positionOf(stages, from);
  return (stage) => {
    const s = stages.get(stage);
    return s !== undefined && s.kind === 'funnel' && s.position >= position;
  };
}

function reachedSteps(
  path: readonly PathEntry[],
  definitions: FactDefinitions,
  stages: Map<string, FactStage>,
): { reached: string[]; qualifiedAt: Date | null } {
  const entered = new Set(path.map((e) => e.stage));
  const enteredOnPath = definitions.stages.filter(
    (s) => entered.has(s.key) && (s.kind === 'funnel' || s.kind === 'route'),
  );
  const furthest = Math.max(Number.NEGATIVE_INFINITY, ...enteredOnPath.map((s) => s.position));
  const reached = definitions.stages
    .filter((s) => entered.has(s.key) || (s.kind === 'funnel' && s.position < furthest))
    .map((s) => s.key);
  const routeEnd = Math.max(
    Number.NEGATIVE_INFINITY,
    ...definitions.stages.filter((s) => s.kind === 'route').map((s) => s.position),
  );
  const qualifies = (stage: string) => {
    const s = stages.get(stage);
    return (
      s !== undefined && (s.kind === 'route' || (s.kind === 'funnel' && s.position > routeEnd))
    );
  };
  const first = path.find((e) => qualifies(e.stage));
  if (first) reached.push(qualifiedStep);
  return { reached, qualifiedAt: first?.at ?? null };
}

function deriveHandoff(
  path: readonly PathEntry[],
  input: ContactFactInput,
  stages: Map<string, FactStage>,
): HandoffFact | null {
  const at = handoffIndex(path, stages);
  if (at < 0) return null;
  const after = path.slice(at + 1).map((e) => e.transition!);
  const accepted = funnelFrom(stages, 'sal');
  const sql = funnelFrom(stages, 'sql');
  const won = funnelFrom(stages, 'customer');
  const kinds = new Map(input.definitions.reasonCodes.map((r) => [r.key, r.kind]));
  const withReason = (kind: 'reject' | 'lost') =>
    after.filter((t) => t.reasonCode !== null && kinds.get(t.reasonCode) === kind);
  const rejects = withReason('reject');
  const losses = withReason('lost');
  const score = input.scoreAtHandoff;
  return {
    month: monthOf(path[at]!.at),
    accepted: after.some((t) => accepted(t.toStage)),
    rejected: rejects.length > 0,
    sql: after.some((t) => sql(t.toStage)),
    won: after.some((t) => won(t.toStage)),
    lost: losses.length > 0,
    cents: after.filter((t) => won(t.toStage)).reduce((n, t) => n + toCents(t.amount), 0),
    rejectReason: rejects.at(-1)?.reasonCode ?? null,
    lostReason: losses.at(-1)?.reasonCode ?? null,
    band: score?.band ?? '',
    scoreBucket: score === null ? -1 : Math.max(0, Math.min(9, Math.floor(score.total / 10))),
    score: score === null ? 0 : Math.round(score.total * 10000),
  };
}

/** What a contact contributes, under the definitions in force (pure; see the contract, issue 7). */
export function deriveContactFact(input: ContactFactInput): ContactFact {
  const { contact, definitions } = input;
  const stages = stageIndex(definitions);
  const path = stagePath(contact, input.transitions);
  const { reached, qualifiedAt } = reachedSteps(path, definitions, stages);
  const stays: [string, number, number][] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const kind = stages.get(path[i]!.stage)?.kind;
    if (kind !== 'funnel' && kind !== 'route') continue;
    const seconds = Math.max(
      0,
      Math.round((path[i + 1]!.at.getTime() - path[i]!.at.getTime()) / 1000),
    );
    stays.push([path[i]!.stage, durationBucket(seconds), seconds]);
  }
  const won = funnelFrom(stages, 'customer');
  const wins: [string, number][] = path
    .filter((e) => e.transition !== null && won(e.stage))
    .map((e) => [monthOf(e.at), toCents(e.transition!.amount)]);
  const entries: [string, string, number][] = [];
  const seen = new Set<string>();
  for (const e of path) {
    if (seen.has(e.stage)) continue;
    seen.add(e.stage);
    const amount = won(e.stage) ? toCents(e.transition?.amount ?? null) : 0;
    entries.push([monthOf(e.at), e.stage, amount]);
  }
  if (qualifiedAt !== null) entries.push([monthOf(qualifiedAt), qualifiedStep, 0]);
  return {
    v: definitions.version,
    cohort: monthOf(contact.createdAt),
    source: contact.firstTouchSource ?? '',
    campaign: contact.firstTouchCampaign ?? '',
    lastSource: contact.lastTouchSource ?? '',
    lastCampaign: contact.lastTouchCampaign ?? '',
    persona: contact.personaKey ?? '',
    team: contact.teamId ?? '',
    owner: contact.ownerId ?? '',
    marketer: contact.marketerId ?? '',
    reached,
    stays,
    handoff: deriveHandoff(path, input, stages),
    wins,
    entries,
  };
}

const flag = (b: boolean) => (b ? 1 : 0);

/** The rollup cells a fact adds (one per contribution; equal keys are summed by the fold). */
export function factCells(fact: ContactFact): RollupCell[] {
  const cells: RollupCell[] = [];
  const add = (table: RollupTable, key: (string | number)[], measures: number[]) =>
    cells.push({ table, key, measures });
  const touches = [
    ['first', fact.source, fact.campaign],
    ['last', fact.lastSource, fact.lastCampaign],
  ] as const;
  for (const stage of fact.reached)
    add(
      'report_funnel',
      [fact.cohort, stage, fact.source, fact.campaign, fact.persona, fact.team],
      [1],
    );
  const splits = [
    ['none', ''],
    ['source', fact.source],
    ['campaign', fact.campaign],
    ['persona', fact.persona],
    ['team', fact.team],
  ] as const;
  for (const [stage, bucket, seconds] of fact.stays)
    for (const [split, value] of splits)
      add('report_stage_durations', [split, fact.cohort, stage, bucket, value], [1, seconds]);
  const h = fact.handoff;
  if (h) {
    for (const [touch, source, campaign] of touches) {
      add(
        'report_lead_quality',
        [h.month, touch, source, campaign],
        [1, flag(h.accepted), flag(h.rejected), flag(h.sql), flag(h.won), flag(h.lost), h.cents],
      );
      if (h.rejectReason !== null)
        add('report_reasons', [h.month, touch, source, campaign, 'reject', h.rejectReason], [1]);
      if (h.lostReason !== null)
        add('report_reasons', [h.month, touch, source, campaign, 'lost', h.lostReason], [1]);
    }
    add(
      'report_score_bands',
      [h.month, h.band, h.scoreBucket],
      [1, flag(h.accepted), flag(h.sql), flag(h.won), h.score],
    );
  }
  for (const [month, amount] of fact.wins)
    for (const [touch, source, campaign] of touches)
      add('report_revenue', [month, touch, source, campaign], [1, amount]);
  for (const [month, stage, amount] of fact.entries)
    add('report_stage_entries', [month, stage, fact.team, fact.owner, fact.marketer], [1, amount]);
  return cells;
}

/** Length-prefixed parts: unambiguous whatever a campaign name holds, and cheaper than JSON. */
function cellId(c: RollupCell): string {
  let id = c.table;
  for (const part of c.key) {
    const text = String(part);
    id += `|${text.length}:${text}`;
  }
  return id;
}

/** Sums cells with equal keys and drops those that sum to nothing. */
export function sumCells(cells: readonly RollupCell[]): RollupCell[] {
  const sums = new Map<
    string,
    { table: RollupTable; key: readonly (string | number)[]; m: number[] }
  >();
  for (const c of cells) {
    const id = cellId(c);
    const s = sums.get(id);
    if (s) {
      for (let i = 0; i < s.m.length; i++) s.m[i]! += c.measures[i]!;
    } else sums.set(id, { table: c.table, key: c.key, m: [...c.measures] });
  }
  return [...sums.values()]
    .filter((s) => s.m.some((v) => v !== 0))
    .map((s) => ({ table: s.table, key: s.key, measures: s.m }));
}

/** What must be added to the rollups when a contact's fact goes from `before` to `after` (null: none). */
export function factDeltas(before: ContactFact | null, after: ContactFact | null): RollupCell[] {
  const removed = before
    ? factCells(before).map((c) => ({ ...c, measures: c.measures.map((v) => -v) }))
    : [];
  return sumCells([...removed, ...(after ? factCells(after) : [])]);
}

function compareKeyPart(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * One order for every fold (table, then key), so two folds touching the same
 * rows lock them in the same order and cannot deadlock.
 */
export function compareCells(a: RollupCell, b: RollupCell): number {
  if (a.table !== b.table) return a.table < b.table ? -1 : 1;
  for (let i = 0; i < a.key.length; i++) {
    const d = compareKeyPart(a.key[i]!, b.key[i]!);
    if (d !== 0) return d;
  }
  return 0;
}
