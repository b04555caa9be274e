import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import { progress } from './report.js';
import {
  type BacktestTiming,
  type HistoryReadTiming,
  readHistoryPages,
  timeBacktest,
} from './scoring-backtest.js';
import { type LoadedData, loadScoringData } from './scoring-data.js';
import { type IngestParams, type IngestRun, runIngestRounds } from './scoring-ingest.js';
import {
  activateAndRescore,
  createBenchDraft,
  type ReadResult,
  type RescoreResult,
  readEventsBaseline,
  scoreLoadedContacts,
} from './scoring-rescore.js';
import type { BenchTarget } from './targets.js';

export interface ScoringParams extends IngestParams {
  contacts: number;
  eventsPerContact: number;
}

export interface ScoringTargetRun {
  serverVersion: string;
  location: string;
  data: Omit<LoadedData, 'sample' | 'now'> & { now: string };
  firstScoring: RescoreResult;
  /** The read floor, measured before the backtest and again after the rescore. */
  reads: ReadResult[];
  backtest: BacktestTiming;
  historyRead: HistoryReadTiming;
  rescore: RescoreResult;
  ingest: IngestRun;
}

/**
 * One target, in the order a team works: data (as if ingested over 90 days
 * and scored by the default model), a draft, its backtest beside the active
 * version, its activation and the rescore that follows, then live ingest with
 * the new version scoring. The read floor is measured before the backtest
 * and after the rescore, so the two runs bracket them.
 */
export async function runScoringTarget(
  target: BenchTarget,
  p: ScoringParams,
): Promise<ScoringTargetRun> {
  const { db } = target;
  await prepareWorkspace(db);
  const serverVersion = (await db.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  progress(
    `${target.name}: loading ${p.contacts.toLocaleString('en-US')} contacts × ${p.eventsPerContact} events`,
  );
  const { sample, ...data } = await loadScoringData(
    db,
    {
      contacts: p.contacts,
      eventsPerContact: p.eventsPerContact,
      seed: p.seed,
      sample: p.ingestContacts,
    },
    now,
  );
  progress(
    `${target.name}: loaded in ${(data.loadMs / 1000).toFixed(1)} s (+ ${(data.vacuumMs / 1000).toFixed(1)} s VACUUM ANALYZE); scoring every contact under the default model`,
  );
  const firstScoring = await scoreLoadedContacts(db, data.events);
  progress(`${target.name}: first scoring ${(firstScoring.wallMs / 1000).toFixed(1)} s`);

  const draftId = await createBenchDraft(db);
  const reads: ReadResult[] = [];
  const read = async () => {
    const r = await readEventsBaseline(db);
    if (r.events !== data.events || r.contacts !== data.contacts)
      throw new Error(
        `${target.name}: the read baseline saw ${r.contacts} contacts and ${r.events} events, not ${data.contacts} and ${data.events}`,
      );
    reads.push(r);
    progress(
      `${target.name}: read baseline ${(r.wallMs / 1000).toFixed(1)} s (${Math.round(r.eventsPerSec)} events/s)`,
    );
  };
  await read();

  const backtest = await timeBacktest(db, draftId, new Date());
  progress(
    `${target.name}: backtest ${(backtest.wallMs / 1000).toFixed(1)} s over ${backtest.months.join(', ')}`,
  );
  const historyRead = await readHistoryPages(db, new Date());
  progress(
    `${target.name}: the backtest's reads alone ${(historyRead.wallMs / 1000).toFixed(1)} s`,
  );

  const rescore = await activateAndRescore(db, draftId, data.events);
  progress(
    `${target.name}: rescore ${(rescore.wallMs / 1000).toFixed(1)} s (${Math.round(rescore.contactsPerSec)} contacts/s)`,
  );
  await read();

  const ingest = await runIngestRounds(target, sample, draftId, p);
  return {
    serverVersion,
    location: target.location,
    data: { ...data, now: now.toISOString() },
    firstScoring,
    reads,
    backtest,
    historyRead,
    rescore,
    ingest,
  };
}
