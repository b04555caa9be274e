import { AppError } from '../../core/app-error.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import { resolveReportRange } from '../../core/reports/report-months.js';
import type { ReportPeriod } from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { listStageVersions } from '../../store/stages.js';
import { foldReportRollups } from './fold-report-rollups.js';

/** What every report read starts with (not a use case of its own). */
export interface ReportBasis {
  period: ReportPeriod;
  pending: number;
  active: StageDefinitionVersion;
  versions: StageDefinitionVersion[];
}

/** Contacts folded before a report is read, so what it shows is current; the rest wait for the clock job. */
export const foldBeforeRead = 5000;

/**
 * Authorizes the read, checks the range, folds what changed since the last
 * fold (so the report is current up to `pending` contacts) and loads the
 * definitions in force.
 */
export async function prepareReport(input: {
  db: Db;
  actor: Actor;
  from?: string;
  to?: string;
  now?: Date;
}): Promise<ReportBasis> {
  authorize(input.actor, { action: 'reports.read' });
  const period = resolveReportRange({
    from: input.from,
    to: input.to,
    now: input.now ?? new Date(),
  });
  const { pending } = await foldReportRollups({ db: input.db, limit: foldBeforeRead });
  const versions = await listStageVersions(input.db);
  const active = versions.find((v) => v.status === 'active');
  if (!active)
    throw new AppError('internal', 'No stage definitions are in force; run "tandem migrate"');
  return { period, pending, active, versions };
}

/** Refuses an option outside its choices with a 400 naming the field. */
export function checkChoice<T extends string>(
  field: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new AppError('validation_failed', 'The report options are not valid', {
    fields: [{ field, message: `must be one of ${choices.join(', ')}` }],
  });
}

/** Names from the version in force first, then older ones: a retired persona or code keeps its name. */
export function definitionLabels(basis: ReportBasis): {
  personas: Map<string, string>;
  reasons: Map<string, string>;
} {
  const personas = new Map<string, string>();
  const reasons = new Map<string, string>();
  for (const v of [basis.active, ...basis.versions.filter((x) => x.id !== basis.active.id)]) {
    for (const p of v.personas) if (!personas.has(p.key)) personas.set(p.key, p.name);
    for (const r of v.reasonCodes) if (!reasons.has(r.key)) reasons.set(r.key, r.label);
  }
  return { personas, reasons };
}

/** The map's value for `key`, made and stored first when missing. */
export function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
