import { funnelSteps, groupOf, stepConversions } from '../../core/reports/funnel-steps.js';
import { monthsOf } from '../../core/reports/report-months.js';
import {
  allRowKey,
  type FunnelReport,
  type FunnelRow,
  type FunnelSplit,
  funnelSplits,
} from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { readFunnelByCohort, readFunnelByGroup, readTeamNames } from '../../store/report-reads.js';
import { checkChoice, definitionLabels, getOrAdd, prepareReport } from './report-basis.js';

export interface GetFunnelInput {
  db: Db;
  actor: Actor;
  /** YYYY-MM, included; default 11 months before `to`. */
  from?: string;
  /** YYYY-MM, included; default this month. */
  to?: string;
  split?: FunnelSplit;
  now?: Date;
}

/**
 * The funnel of the contacts created in the range (their cohorts): how many
 * reached each stage, with the conversion between consecutive stages of the
 * main path, per cohort month and split by source, campaign, persona or team.
 */
export async function getFunnel(input: GetFunnelInput): Promise<FunnelReport> {
  const split = checkChoice('split', input.split, funnelSplits, 'none');
  const basis = await prepareReport(input);
  const { steps, main } = funnelSteps(basis.active.stages);
  const index = new Map(steps.map((s, i) => [s.key, i]));
  const tally = <K>(into: Map<K, number[]>, key: K, stage: string, contacts: number) => {
    const i = index.get(stage);
    if (i === undefined) return; // a stage the definitions in force no longer have
    getOrAdd(into, key, () => steps.map(() => 0))[i]! += contacts;
  };

  const groups = new Map<string, number[]>();
  const all = new Map<string, number[]>([[allRowKey, steps.map(() => 0)]]);
  for (const r of await readFunnelByGroup(input.db, basis.period, split)) {
    tally(all, allRowKey, r.stage, r.contacts);
    if (split !== 'none') tally(groups, r.key, r.stage, r.contacts);
  }
  const labels =
    split === 'persona'
      ? definitionLabels(basis).personas
      : split === 'team'
        ? await readTeamNames(input.db)
        : new Map<string, string>();
  const row = (key: string | null, label: string, counts: number[]): FunnelRow => ({
    key,
    label,
    counts,
    conversions: stepConversions(counts, main),
  });
  const groupRows = [...groups]
    .map(([key, counts]) => row(groupOf(key, labels).key, groupOf(key, labels).label, counts))
    .sort((a, b) => Math.max(...b.counts) - Math.max(...a.counts) || (a.label < b.label ? -1 : 1));

  const cohorts = new Map(monthsOf(basis.period).map((m) => [m, steps.map(() => 0)]));
  for (const r of await readFunnelByCohort(input.db, basis.period))
    tally(cohorts, r.month, r.stage, r.contacts);

  return {
    ...basis.period,
    split,
    definitionsVersion: basis.active.version,
    pending: basis.pending,
    steps,
    rows: [row(allRowKey, 'All', all.get(allRowKey)!), ...groupRows],
    cohorts: [...cohorts].map(([month, counts]) => ({ month, counts })),
  };
}
