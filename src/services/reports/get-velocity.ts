import { percentileFromHistogram } from '../../core/reports/duration-buckets.js';
import { groupOf, velocityStages } from '../../core/reports/funnel-steps.js';
import {
  allRowKey,
  type FunnelSplit,
  funnelSplits,
  type VelocityReport,
  type VelocityStage,
} from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { readStageDurations, readTeamNames } from '../../store/report-reads.js';
import { checkChoice, definitionLabels, getOrAdd, prepareReport } from './report-basis.js';

export interface GetVelocityInput {
  db: Db;
  actor: Actor;
  from?: string;
  to?: string;
  split?: FunnelSplit;
  now?: Date;
}

interface Histogram {
  buckets: Map<number, number>;
  stays: number;
  seconds: number;
}

const hours = (seconds: number | null) => (seconds === null ? null : seconds / 3600);

/**
 * How long the contacts created in the range stayed in each funnel and route
 * stage (completed stays: entered, then moved on): median and p90 from the
 * stays' histogram, mean from the exact sum.
 */
export async function getVelocity(input: GetVelocityInput): Promise<VelocityReport> {
  const split = checkChoice('split', input.split, funnelSplits, 'none');
  const basis = await prepareReport(input);
  const stages = velocityStages(basis.active.stages);
  const known = new Set(stages.map((s) => s.key));
  const groups = new Map<string, Map<string, Histogram>>();
  const add = (
    key: string,
    r: { stage: string; bucket: number; stays: number; seconds: number },
  ) => {
    const byStage = getOrAdd(groups, key, () => new Map<string, Histogram>());
    const h = getOrAdd(byStage, r.stage, () => ({
      buckets: new Map<number, number>(),
      stays: 0,
      seconds: 0,
    }));
    h.buckets.set(r.bucket, (h.buckets.get(r.bucket) ?? 0) + r.stays);
    h.stays += r.stays;
    h.seconds += r.seconds;
  };
  groups.set(allRowKey, new Map());
  for (const r of await readStageDurations(input.db, basis.period, split)) {
    if (!known.has(r.stage)) continue;
    add(allRowKey, r);
    if (split !== 'none') add(`=${r.key}`, r);
  }
  const labels =
    split === 'persona'
      ? definitionLabels(basis).personas
      : split === 'team'
        ? await readTeamNames(input.db)
        : new Map<string, string>();

  const stagesOf = (byStage: Map<string, Histogram>): VelocityStage[] =>
    stages.map((s) => {
      const h = byStage.get(s.key);
      const rows = h ? [...h.buckets].map(([bucket, stays]) => ({ bucket, stays })) : [];
      return {
        key: s.key,
        label: s.label,
        stays: h?.stays ?? 0,
        medianHours: hours(percentileFromHistogram(rows, 0.5)),
        p90Hours: hours(percentileFromHistogram(rows, 0.9)),
        meanHours: h && h.stays > 0 ? h.seconds / h.stays / 3600 : null,
      };
    });
  const total = (byStage: Map<string, Histogram>) =>
    [...byStage.values()].reduce((n, h) => n + h.stays, 0);
  const groupRows = [...groups]
    .filter(([key]) => key !== allRowKey)
    .map(([key, byStage]) => ({
      ...groupOf(key.slice(1), labels),
      stages: stagesOf(byStage),
      n: total(byStage),
    }))
    .sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : 1))
    .map(({ n: _n, ...row }) => row);

  return {
    ...basis.period,
    split,
    definitionsVersion: basis.active.version,
    pending: basis.pending,
    rows: [
      { key: allRowKey, label: 'All', stages: stagesOf(groups.get(allRowKey)!) },
      ...groupRows,
    ],
  };
}
