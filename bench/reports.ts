/**
 * Reports benchmark (issue 7): a workspace of `--contacts` contacts,
 * `--events` events and `--transitions` stage transitions (PostgreSQL;
 * `--pglite-*` on PGlite) loaded with COPY (lib/report-data.ts), every contact
 * folded into the report rollups through the real fold (foldReportRollups, in
 * batches of `--fold-batch` as the clock job does, `--fold-workers` loops side
 * by side), then every dashboard query (lib/report-queries.ts: each report
 * service with each of its splits and touches) timed over `--rounds` rounds,
 * beside a plain
 * `SELECT count(*) FROM events` timed in the same rounds on the same database.
 *
 *   tsx bench/reports.ts [--contacts 1000000] [--events 10000000] [--transitions 2000000]
 *                        [--pglite-contacts 100000] [--pglite-events 1000000]
 *                        [--pglite-transitions 200000] [--fold-batch 2000] [--fold-workers 1]
 *                        [--rounds 30] [--seed 1]
 *
 * JSON on stdout, progress and tables on stderr. The goal (each query's p95
 * at most 300 ms) is reported, never enforced: the exit code only says
 * whether the run itself worked. `--pglite-contacts 0` skips PGlite.
 */
import os from 'node:os';
import {
  foldReportRollups,
  pendingReportFolds,
} from '../src/services/reports/fold-report-rollups.js';
import { prepareWorkspace } from '../src/services/workspace/prepare-workspace.js';
import type { Db } from '../src/store/db.js';
import { parseIntFlags } from './lib/args.js';
import { type Cell, printReport, progress, type Table } from './lib/report.js';
import { loadReportData, type ReportData } from './lib/report-data.js';
import { reportQueries } from './lib/report-queries.js';
import { percentile, round } from './lib/stats.js';
import { type BenchTarget, runPlannedTargets, type TargetOutcome } from './lib/targets.js';

const goal = { metric: 'p95Ms', atMost: 300, contacts: 1_000_000 } as const;

// Taken before the run: the benchmark's own load would hide what else was running.
const loadAverage1m = round(os.loadavg()[0]!, 2);

const flags = parseIntFlags(process.argv.slice(2), {
  contacts: { default: 1_000_000, min: 1000, max: 20_000_000, help: 'contacts on PostgreSQL' },
  events: { default: 10_000_000, min: 0, max: 200_000_000, help: 'events on PostgreSQL' },
  transitions: {
    default: 2_000_000,
    min: 0,
    max: 50_000_000,
    help: 'stage transitions on PostgreSQL',
  },
  'pglite-contacts': {
    default: 100_000,
    min: 0,
    max: 5_000_000,
    help: 'contacts on PGlite (0 skips PGlite)',
  },
  'pglite-events': { default: 1_000_000, min: 0, max: 50_000_000, help: 'events on PGlite' },
  'pglite-transitions': {
    default: 200_000,
    min: 0,
    max: 10_000_000,
    help: 'stage transitions on PGlite',
  },
  'fold-batch': {
    default: 2000,
    min: 1,
    max: 100_000,
    help: 'contacts a fold transaction takes (the clock job takes 2000)',
  },
  'fold-workers': {
    default: 1,
    min: 1,
    max: 8,
    help: 'fold loops side by side (the clock job runs one)',
  },
  rounds: { default: 30, min: 1, max: 1000, help: 'timed rounds of every query' },
  seed: { default: 1, min: 0, max: 2 ** 31 - 1, help: 'data seed' },
});

const ms = (x: number) => round(x, 1);

function sizes(name: BenchTarget['name']) {
  return name === 'postgres'
    ? { contacts: flags.contacts, events: flags.events, transitions: flags.transitions }
    : {
        contacts: flags['pglite-contacts'],
        events: flags['pglite-events'],
        transitions: flags['pglite-transitions'],
      };
}

/**
 * Marks every contact dirty (what the load's triggers have not) and folds
 * them all, batch by batch, in `--fold-workers` loops side by side (the
 * claim skips what another fold holds).
 */
async function foldEverything(db: Db) {
  const { rowCount: marked } = await db.query(
    'INSERT INTO report_dirty (contact_id) SELECT id FROM contacts ON CONFLICT DO NOTHING',
  );
  const total = await pendingReportFolds(db);
  progress(`  folding ${total.toLocaleString('en-US')} contacts…`);
  const batches: number[] = [];
  let folded = 0;
  let next = 0.1;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      const r = await foldReportRollups({ db, limit: flags['fold-batch'] });
      if (r.folded > 0) batches.push(performance.now() - t0);
      folded += r.folded;
      if (total > 0 && folded / total >= next) {
        const s = ((performance.now() - started) / 1000).toFixed(1);
        progress(
          `  folded ${folded.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${s} s)`,
        );
        while (folded / total >= next) next += 0.1;
      }
      if (r.folded === 0 || r.pending === 0) return;
    }
  };
  await Promise.all(Array.from({ length: flags['fold-workers'] }, worker));
  const wallMs = performance.now() - started;
  const left = await pendingReportFolds(db);
  if (left > 0) throw new Error(`the fold stopped with ${left} contacts still pending`);
  return {
    markedByBenchmark: marked,
    workers: flags['fold-workers'],
    batchLimit: flags['fold-batch'],
    contacts: folded,
    seconds: round(wallMs / 1000, 1),
    contactsPerSec: round(folded / (wallMs / 1000)),
    batches: batches.length,
    batchP50Ms: batches.length > 0 ? ms(percentile(batches, 50)) : null,
    batchP95Ms: batches.length > 0 ? ms(percentile(batches, 95)) : null,
  };
}

async function rollupTables(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'report\\_%' ORDER BY 1",
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    // The state autovacuum keeps them in after the fold's upserts and deletes.
    await db.exec(`VACUUM ANALYZE ${name}`);
    const { rows: n } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`);
    counts[name] = n[0]!.n;
  }
  return counts;
}

interface Timed {
  report: string;
  options: string;
  rows: number;
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  p50ToCount: number;
  met: boolean;
}

/** One untimed pass (checked: data in every answer, nothing pending), then the timed rounds, every query once a round beside count(*). */
async function timeQueries(db: Db, data: ReportData) {
  const queries = reportQueries(db, { owner: data.sampleOwner, marketer: data.sampleMarketer });
  const countEvents = async () => {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0]!.n);
  };
  const first: number[] = [];
  const rows: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const r = await q.run();
    first.push(performance.now() - t0);
    if (r.pending !== 0) throw new Error(`${q.report} ${q.options}: ${r.pending} contacts pending`);
    if (r.rows === 0) throw new Error(`${q.report} ${q.options}: an empty answer`);
    rows.push(r.rows);
  }
  let t0 = performance.now();
  const eventRows = await countEvents();
  const countFirst = performance.now() - t0;
  const samples = queries.map(() => [] as number[]);
  const countSamples: number[] = [];
  for (let round = 0; round < flags.rounds; round++) {
    for (const [i, q] of queries.entries()) {
      t0 = performance.now();
      await q.run();
      samples[i]!.push(performance.now() - t0);
    }
    t0 = performance.now();
    await countEvents();
    countSamples.push(performance.now() - t0);
    if ((round + 1) % 10 === 0) progress(`  round ${round + 1} / ${flags.rounds}`);
  }
  const countP50 = percentile(countSamples, 50);
  const timed: Timed[] = queries.map((q, i) => {
    const p95 = percentile(samples[i]!, 95);
    return {
      report: q.report,
      options: q.options,
      rows: rows[i]!,
      firstMs: ms(first[i]!),
      p50Ms: ms(percentile(samples[i]!, 50)),
      p95Ms: ms(p95),
      maxMs: ms(Math.max(...samples[i]!)),
      p50ToCount: round(percentile(samples[i]!, 50) / countP50, 3),
      met: p95 <= goal.atMost,
    };
  });
  return {
    queries: timed,
    countEvents: {
      sql: 'SELECT count(*) FROM events',
      rows: eventRows,
      firstMs: ms(countFirst),
      p50Ms: ms(countP50),
      p95Ms: ms(percentile(countSamples, 95)),
      maxMs: ms(Math.max(...countSamples)),
    },
  };
}

async function runTarget(target: BenchTarget) {
  const { db } = target;
  const size = sizes(target.name);
  if (size.contacts === 0)
    return { target: target.name, status: 'skipped' as const, reason: 'asked for 0 contacts' };
  const { rows: version } = await db.query<{ v: string }>('SHOW server_version');
  await prepareWorkspace(db);
  progress(
    `${target.name}: loading ${size.contacts.toLocaleString('en-US')} contacts, ${size.events.toLocaleString('en-US')} events, ${size.transitions.toLocaleString('en-US')} transitions…`,
  );
  const data = await loadReportData(db, { ...size, seed: flags.seed }, new Date());
  const dirtyAfterLoad = await pendingReportFolds(db);
  progress(`${target.name}: loaded in ${round(data.loadMs / 1000, 1)} s; folding…`);
  const fold = await foldEverything(db);
  const rollupRows = await rollupTables(db);
  progress(
    `${target.name}: ${fold.contactsPerSec.toLocaleString('en-US')} contacts/s folded; timing ${flags.rounds} rounds…`,
  );
  const timing = await timeQueries(db, data);
  const { loadMs, vacuumMs, sampleOwner, sampleMarketer, ...counts } = data;
  const applies = target.name === 'postgres' && size.contacts >= goal.contacts;
  return {
    target: target.name,
    status: 'ok' as const,
    serverVersion: version[0]!.v,
    location: target.location,
    data: {
      ...counts,
      loadSeconds: round(loadMs / 1000, 1),
      vacuumSeconds: round(vacuumMs / 1000, 1),
      /** Contacts the triggers marked dirty while the data was written. */
      dirtyAfterLoad,
    },
    fold,
    rollupRows,
    ...timing,
    goal: {
      ...goal,
      appliesAtThisScale: applies,
      met: timing.queries.every((q) => q.met),
      queriesMet: timing.queries.filter((q) => q.met).length,
      queries: timing.queries.length,
    },
  };
}

/** Rows of the report tables the dashboards read (not the fold's own facts, queue and state). */
function rollupRowCount(counts: Record<string, number>): number {
  const bookkeeping = new Set(['report_contact_facts', 'report_dirty', 'report_rollup_state']);
  return Object.entries(counts)
    .filter(([name]) => !bookkeeping.has(name))
    .reduce((sum, [, n]) => sum + n, 0);
}

type Outcome = TargetOutcome<Awaited<ReturnType<typeof runTarget>>>;
const results: Outcome[] = await runPlannedTargets(runTarget);
const okResults = results.filter((r) => r.status === 'ok');

const tables: Table[] = [
  {
    title:
      'Reports workspace and the fold into the rollups (the real foldReportRollups, batch by batch)',
    columns: [
      'target',
      'contacts',
      'events',
      'transitions',
      'handed',
      'won',
      'load s',
      'fold s',
      'contacts/s',
      'rollup rows',
    ],
    rows: results.map((r): Cell[] =>
      r.status === 'ok'
        ? [
            r.target,
            r.data.contacts,
            r.data.events,
            r.data.transitions,
            r.data.handed,
            r.data.won,
            r.data.loadSeconds,
            r.fold.seconds,
            r.fold.contactsPerSec,
            rollupRowCount(r.rollupRows),
          ]
        : [r.target, null, null, null, null, null, null, null, null, `${r.status}: ${r.reason}`],
    ),
  },
  ...okResults.map(
    (r): Table => ({
      title: `Dashboard queries on ${r.target} (${r.data.contacts.toLocaleString('en-US')} contacts, ${r.data.events.toLocaleString('en-US')} events, ${r.data.transitions.toLocaleString('en-US')} transitions), ${flags.rounds} rounds, beside count(*) over the events`,
      columns: [
        'query',
        'options',
        'rows',
        'first ms',
        'p50 ms',
        'p95 ms',
        'max ms',
        'p50 ÷ count(*)',
        'goal',
      ],
      rows: [
        ...r.queries.map((q): Cell[] => [
          q.report,
          q.options,
          q.rows,
          q.firstMs,
          q.p50Ms,
          q.p95Ms,
          q.maxMs,
          q.p50ToCount,
          `p95 ≤ ${goal.atMost} ms: ${q.met ? 'met' : 'not met'}`,
        ]),
        [
          r.countEvents.sql,
          '',
          r.countEvents.rows,
          r.countEvents.firstMs,
          r.countEvents.p50Ms,
          r.countEvents.p95Ms,
          r.countEvents.maxMs,
          1,
          'baseline',
        ],
      ],
    }),
  ),
];

printReport(
  {
    benchmark: 'reports',
    at: new Date().toISOString(),
    params: flags,
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      loadAverage1m,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
    },
    targets: results,
  },
  tables,
);
if (results.some((r) => r.status === 'error')) process.exitCode = 1;
