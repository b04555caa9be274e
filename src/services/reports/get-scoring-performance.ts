import { share } from '../../core/reports/funnel-steps.js';
import type {
  CalibrationBucket,
  ScoringBand,
  ScoringReport,
} from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { readScoreBands } from '../../store/report-reads.js';
import { getOrAdd, prepareReport } from './report-basis.js';

export interface GetScoringPerformanceInput {
  db: Db;
  actor: Actor;
  from?: string;
  to?: string;
  now?: Date;
}

// Scores have no ceiling (engagement adds up), so the last bucket is open-ended.
const bucketLabel = (b: number) => (b === 9 ? '90+' : `${b * 10}–${b * 10 + 9}`);

/**
 * How the score at handoff predicted what sales made of the leads handed in
 * the range: conversion by band, and calibration — per 10-point bucket of the
 * total score, the mean score beside the SQL and win rates.
 */
export async function getScoringPerformance(
  input: GetScoringPerformanceInput,
): Promise<ScoringReport> {
  const basis = await prepareReport(input);
  const rows = await readScoreBands(input.db, basis.period);
  const bands = new Map<string, ScoringBand & { scoreSum: number }>();
  const buckets = Array.from({ length: 10 }, (_, bucket) => ({
    bucket,
    handed: 0,
    sql: 0,
    won: 0,
    scoreSum: 0,
  }));
  for (const r of rows) {
    const band = getOrAdd(bands, r.band, () => ({
      band: r.band === '' ? null : r.band,
      handed: 0,
      accepted: 0,
      sql: 0,
      won: 0,
      sqlRate: null,
      winRate: null,
      scoreSum: 0,
    }));
    band.handed += r.handed;
    band.accepted += r.accepted;
    band.sql += r.sql;
    band.won += r.won;
    band.scoreSum += r.scoreSum;
    const bucket = buckets[r.bucket];
    if (!bucket) continue; // -1: handed before any score was recorded
    bucket.handed += r.handed;
    bucket.sql += r.sql;
    bucket.won += r.won;
    bucket.scoreSum += r.scoreSum;
  }
  // Bands from the lowest mean score to the highest; leads without a score last.
  const ordered = [...bands.values()].sort((a, b) => {
    if (a.band === null || b.band === null) return a.band === null ? 1 : -1;
    return a.scoreSum / a.handed - b.scoreSum / b.handed || (a.band < b.band ? -1 : 1);
  });
  return {
    ...basis.period,
    definitionsVersion: basis.active.version,
    pending: basis.pending,
    bands: ordered.map(({ scoreSum: _s, ...b }) => ({
      ...b,
      sqlRate: share(b.sql, b.handed),
      winRate: share(b.won, b.handed),
    })),
    calibration: buckets.map(
      (b): CalibrationBucket => ({
        bucket: b.bucket,
        label: bucketLabel(b.bucket),
        handed: b.handed,
        meanScore: b.handed === 0 ? null : b.scoreSum / b.handed,
        sqlRate: share(b.sql, b.handed),
        winRate: share(b.won, b.handed),
      }),
    ),
  };
}
