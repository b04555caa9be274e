import { AppError, type FieldError } from '../../core/app-error.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import {
  type FeedbackGroupBy,
  type FeedbackTouch,
  feedbackGroupBys,
  feedbackTouches,
  labelFeedback,
  resolveFeedbackPeriod,
  type SourceQualityReport,
  summarizeFeedback,
} from '../../core/feedback.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { StageDefinition } from '../../core/stages.js';
import type { Db } from '../../store/db.js';
import { type FeedbackStages, loadHandedLeads } from '../../store/feedback.js';
import { listStageVersions } from '../../store/stages.js';

export interface GetSourceQualityInput {
  db: Db;
  actor: Actor;
  /** Default: source. */
  groupBy?: FeedbackGroupBy;
  /** A day (YYYY-MM-DD, UTC) or an ISO date-time; default 12 months before `to`. */
  from?: string | Date;
  /** Excluded; default now. */
  to?: string | Date;
  /** Whose source, medium and campaign: the first touch (default) or the last. Persona ignores it. */
  touch?: FeedbackTouch;
  now?: Date;
}

function positionOf(stages: readonly StageDefinition[], key: string): number {
  const stage = stages.find((s) => s.key === key);
  // Every version keeps the stages the lead desk's actions name (core/definitions.ts).
  if (!stage) throw new AppError('internal', `The definitions in force have no "${key}" stage`);
  return stage.position;
}

/** Reads the stage keys by kind and position, so a version that adds stages is reported whole. */
export function feedbackStages(stages: readonly StageDefinition[]): FeedbackStages {
  const sal = positionOf(stages, 'sal');
  const sql = positionOf(stages, 'sql');
  const customer = positionOf(stages, 'customer');
  const funnel = (lo: number, hi = Number.POSITIVE_INFINITY) =>
    stages
      .filter((s) => s.kind === 'funnel' && s.position >= lo && s.position < hi)
      .map((s) => s.key);
  const route = stages.filter((s) => s.kind === 'route').map((s) => s.key);
  return {
    route,
    accepted: funnel(sal),
    sql: funnel(sql),
    won: funnel(customer),
    rejectFrom: [...route, ...funnel(sal, sql)],
    lostFrom: funnel(sql, customer),
    exits: stages.filter((s) => s.kind === 'exit').map((s) => s.key),
  };
}

/** Labels from the version in force first, then older ones: a code since retired keeps its name. */
function labelsOf(versions: readonly StageDefinitionVersion[], active: StageDefinitionVersion) {
  const groups = new Map<string, string>();
  const reasons = new Map<string, string>();
  for (const v of [active, ...versions.filter((x) => x.id !== active.id)]) {
    for (const p of v.personas) if (!groups.has(p.key)) groups.set(p.key, p.name);
    for (const r of v.reasonCodes) if (!reasons.has(r.key)) reasons.set(r.key, r.label);
  }
  return { groups, reasons };
}

function checkChoices(input: GetSourceQualityInput): {
  groupBy: FeedbackGroupBy;
  touch: FeedbackTouch;
} {
  const groupBy = input.groupBy ?? 'source';
  const touch = input.touch ?? 'first';
  const fields: FieldError[] = [];
  if (!feedbackGroupBys.includes(groupBy))
    fields.push({ field: 'groupBy', message: `must be one of ${feedbackGroupBys.join(', ')}` });
  if (!feedbackTouches.includes(touch))
    fields.push({ field: 'touch', message: `must be one of ${feedbackTouches.join(', ')}` });
  if (fields.length > 0)
    throw new AppError('validation_failed', 'The report options are not valid', { fields });
  return { groupBy, touch };
}

const asText = (d: string | Date | undefined) => (d instanceof Date ? d.toISOString() : d);

/**
 * Source quality (issue 5): the leads handed to sales in a period, grouped by
 * source, medium, campaign or persona, with what sales recorded for them —
 * accepted, SQL, won and for how much, rejected and lost with their reason codes.
 */
export async function getSourceQuality(input: GetSourceQualityInput): Promise<SourceQualityReport> {
  authorize(input.actor, { action: 'reports.read' });
  const { groupBy, touch } = checkChoices(input);
  const period = resolveFeedbackPeriod({
    from: asText(input.from),
    to: asText(input.to),
    now: input.now ?? new Date(),
  });
  const versions = await listStageVersions(input.db);
  const active = versions.find((v) => v.status === 'active');
  if (!active)
    throw new AppError('internal', 'No stage definitions are in force; run "tandem migrate"');
  const leads = await loadHandedLeads(input.db, {
    groupBy,
    touch,
    from: period.from,
    to: period.to,
    stages: feedbackStages(active.stages),
  });
  return {
    groupBy,
    touch,
    period,
    definitionsVersion: active.version,
    reasonCodes: active.reasonCodes.map((r) => ({ key: r.key, label: r.label, kind: r.kind })),
    ...labelFeedback(summarizeFeedback(leads), labelsOf(versions, active)),
  };
}
