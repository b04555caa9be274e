/**
 * Ingest benchmark: Segment batches through the real server (POST /v1/batch,
 * keep-alive fetch, N concurrent clients) against two baselines measured in
 * the same run on the same database — COPY of the very rows ingest stored
 * into a bare table, and into a table with all of events' keys and indexes.
 * PGlite always (on disk), PostgreSQL when DATABASE_URL is set (in a database
 * of its own, dropped afterwards).
 *
 *   tsx bench/ingest.ts [--events N] [--contacts N] [--clients 8] [--batch 100] [--rounds 3] [--seed 1] [--scoring 1] [--spread-hours 720]
 *
 * JSON on stdout, progress and tables on stderr. Exits non-zero only when a
 * target fails; a target that is not configured is reported as skipped.
 */
import os from 'node:os';
import { parseIntFlags } from './lib/args.js';
import { type IngestParams, runIngestTarget, type TargetRun } from './lib/ingest-target.js';
import { type Cell, printReport, type Table } from './lib/report.js';
import { median, round } from './lib/stats.js';
import { type BenchTarget, runPlannedTargets, type TargetOutcome } from './lib/targets.js';

/** The acceptance targets, checked and reported, never enforced through the exit code. */
const goals = {
  pglite: { metric: 'ingestEventsPerSec', atLeast: 20_000 },
  postgres: { metric: 'ingestToCopyRatio', atLeast: 0.25 },
} as const;

const flags = parseIntFlags(process.argv.slice(2), {
  events: { default: 60_000, min: 1, max: 10_000_000, help: 'track/page events per round' },
  contacts: {
    default: 2_000,
    min: 0,
    max: 1_000_000,
    help: 'contacts identified before the rounds',
  },
  clients: { default: 8, min: 1, max: 256, help: 'concurrent HTTP clients' },
  batch: { default: 100, min: 1, max: 500, help: 'events per request' },
  rounds: { default: 3, min: 1, max: 100, help: 'timed rounds; medians are reported' },
  seed: { default: 1, min: 0, max: 2 ** 31 - 1, help: 'workload seed' },
  'spread-hours': {
    default: 720,
    min: 0,
    max: 8_760,
    help: 'each event happened up to this long before it is sent (720: 30 days of late history; 0: live)',
  },
  scoring: {
    default: 1,
    min: 0,
    max: 1,
    help: '1: the default scoring model active, as in a workspace; 0: no model active (scoring off)',
  },
});
const { 'spread-hours': spreadHours, ...rest } = flags;
const params: IngestParams = { ...rest, spreadHours };

function summarize(name: BenchTarget['name'], run: TargetRun) {
  const m = (pick: (r: TargetRun['rounds'][number]) => number, digits = 0) =>
    round(median(run.rounds.map(pick)), digits);
  const summary = {
    ingestEventsPerSec: m((r) => r.ingest.eventsPerSec),
    copyEventsPerSec: m((r) => r.copy.eventsPerSec),
    // Median of the per-round ratios: each ratio pairs an ingest and a COPY that ran minutes apart, not runs apart.
    ingestToCopyRatio: m((r) => r.ratio, 3),
    indexedCopyEventsPerSec: m((r) => r.indexedCopy.eventsPerSec),
    ingestToIndexedCopyRatio: m((r) => r.indexedRatio, 3),
    p50Ms: m((r) => r.ingest.p50Ms, 1),
    p99Ms: m((r) => r.ingest.p99Ms, 1),
  };
  const goal = goals[name];
  return {
    target: name,
    status: 'ok' as const,
    serverVersion: run.serverVersion,
    location: run.location,
    ...summary,
    goal: { ...goal, met: summary[goal.metric] >= goal.atLeast },
    counts: {
      contacts: params.contacts,
      eventsPerRound: params.events,
      requestsPerRound: run.rounds[0]!.ingest.requests,
      eventsStored: params.contacts + params.events * params.rounds,
    },
    identify: roundPhase(run.identify),
    rounds: run.rounds.map((r) => ({
      round: r.round,
      ingest: roundPhase(r.ingest),
      copy: {
        rows: r.copy.rows,
        wallMs: round(r.copy.wallMs, 1),
        eventsPerSec: round(r.copy.eventsPerSec),
      },
      ratio: round(r.ratio, 3),
      indexedCopy: {
        rows: r.indexedCopy.rows,
        wallMs: round(r.indexedCopy.wallMs, 1),
        eventsPerSec: round(r.indexedCopy.eventsPerSec),
      },
      indexedRatio: round(r.indexedRatio, 3),
    })),
  };
}

function roundPhase(phase: TargetRun['identify']) {
  return {
    events: phase.events,
    requests: phase.requests,
    wallMs: round(phase.wallMs, 1),
    eventsPerSec: round(phase.eventsPerSec),
    p50Ms: round(phase.p50Ms, 1),
    p99Ms: round(phase.p99Ms, 1),
    nodeCpuMs: round(phase.nodeCpuMs),
    serverLoopBusy: round(phase.serverLoopBusy, 2),
    machineBusy: round(phase.machineBusy, 2),
  };
}

type TargetReport = TargetOutcome<ReturnType<typeof summarize>>;

const reports: TargetReport[] = await runPlannedTargets(async (target) =>
  summarize(target.name, await runIngestTarget(target, params)),
);

const summaryRows: Cell[][] = reports.map((r) =>
  r.status === 'ok'
    ? [
        r.target,
        r.ingestEventsPerSec,
        r.copyEventsPerSec,
        r.ingestToCopyRatio,
        r.indexedCopyEventsPerSec,
        r.ingestToIndexedCopyRatio,
        r.p50Ms,
        r.p99Ms,
        `${r.goal.metric === 'ingestToCopyRatio' ? 'ratio' : 'events/s'} ≥ ${r.goal.atLeast}: ${r.goal.met ? 'met' : 'NOT met'}`,
      ]
    : [r.target, null, null, null, null, null, null, null, `${r.status}: ${r.reason}`],
);
const roundRows: Cell[][] = reports.flatMap((r) =>
  r.status === 'ok'
    ? r.rounds.map((x): Cell[] => [
        r.target,
        x.round,
        x.ingest.eventsPerSec,
        x.copy.eventsPerSec,
        x.ratio,
        x.indexedCopy.eventsPerSec,
        x.indexedRatio,
        x.ingest.p50Ms,
        x.ingest.p99Ms,
        x.ingest.serverLoopBusy,
        round(x.ingest.nodeCpuMs / x.ingest.wallMs, 2),
        x.ingest.machineBusy,
      ])
    : [],
);
/** The figures both tables show, in this order. */
const rateColumns = [
  'ingest ev/s',
  'COPY ev/s',
  'ratio',
  'indexed COPY ev/s',
  'ratio to indexed',
  'p50 ms',
  'p99 ms',
];
const tables: Table[] = [
  {
    title: `Ingest via POST /v1/batch vs COPY of the same rows into a bare table and into one indexed like events — median of ${params.rounds} round(s), ${params.events} events/round, ${params.batch} events/request, ${params.clients} clients, scoring ${params.scoring ? 'on' : 'off'}, events up to ${params.spreadHours} h old`,
    columns: ['target', ...rateColumns, 'goal'],
    rows: summaryRows,
  },
  {
    title: `Rounds — server loop: busy share of the server's event loop (PGlite has a thread of its own); node cores: CPU of this process incl. the load worker; machine: busy share of all ${os.cpus().length} cores`,
    columns: ['target', 'round', ...rateColumns, 'server loop', 'node cores', 'machine'],
    rows: roundRows,
  },
];

printReport(
  {
    benchmark: 'ingest',
    at: new Date().toISOString(),
    params,
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      // Anything else running skews the numbers; a load above the core count at the start says so.
      loadAverage1m: round(os.loadavg()[0]!, 2),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
    },
    targets: reports,
  },
  tables,
);
if (reports.some((r) => r.status === 'error')) process.exitCode = 1;
