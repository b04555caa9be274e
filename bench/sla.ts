/**
 * SLA clock benchmark (issue 6): a workspace holding `--clocks` open clocks
 * (PostgreSQL; `--pglite-clocks` on PGlite), and the real clock job (the
 * runner with the system clock, slaClockJob) sweeping while a stream of
 * breaches and warnings falls due through a `--window` of seconds. Reported:
 * breach detection lag (the breach row's created_at, the start of the sweep
 * transaction that noticed it, minus the clock's due time) p50/p99/max over
 * the window's breaches, beside the sweep transactions' own durations (a
 * breach is committed at most that much later); and business-time additions
 * per second (core addBusinessTime over an office calendar with a split shift
 * and holidays) beside a plain Date addition, measured in the same run.
 *
 *   tsx bench/sla.ts [--clocks 1000000] [--pglite-clocks 100000] [--window 30]
 *                    [--stream-per-sec 500] [--bt-ops 200000] [--seed 1]
 *
 * JSON on stdout, progress and tables on stderr. Exits non-zero only when a
 * target fails; a target that is not configured is reported as skipped.
 */
import os from 'node:os';
import { addBusinessTime } from '../src/core/business-time/business-time.js';
import type { BusinessCalendar } from '../src/core/business-time/calendar.js';
import { startJobs } from '../src/jobs/runner.js';
import { slaClockJob } from '../src/jobs/sla-clock-job.js';
import { prepareWorkspace } from '../src/services/workspace/prepare-workspace.js';
import type { Db } from '../src/store/db.js';
import { parseIntFlags } from './lib/args.js';
import { Prng } from './lib/prng.js';
import { type Cell, printReport, progress, type Table } from './lib/report.js';
import { seedOpenClocks, seedSlaTeam, seedStream } from './lib/sla-data.js';
import { percentile, round } from './lib/stats.js';
import { type BenchTarget, runPlannedTargets, type TargetOutcome } from './lib/targets.js';

const goal = { metric: 'breachLagP99Ms', atMost: 5000 } as const;

const params = parseIntFlags(process.argv.slice(2), {
  clocks: { default: 1_000_000, min: 1000, max: 20_000_000, help: 'open clocks on PostgreSQL' },
  'pglite-clocks': { default: 100_000, min: 1000, max: 5_000_000, help: 'open clocks on PGlite' },
  window: { default: 30, min: 2, max: 3600, help: 'seconds the stream falls due over' },
  'stream-per-sec': {
    default: 500,
    min: 1,
    max: 100_000,
    help: 'breaches per second in the window (as many warnings besides)',
  },
  'pglite-stream-per-sec': {
    default: 100,
    min: 1,
    max: 100_000,
    help: 'breaches per second in the window on PGlite',
  },
  'bt-ops': {
    default: 200_000,
    min: 1000,
    max: 100_000_000,
    help: 'business-time additions timed',
  },
  seed: { default: 1, min: 0, max: 2 ** 31 - 1, help: 'seed of the business-time inputs' },
});

/** An office in Berlin: a split shift Monday to Friday and the 2026–2027 public holidays. */
const officeCalendar: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: ([1, 2, 3, 4, 5] as const).flatMap((day) => [
    { day, start: '08:30', end: '12:30' },
    { day, start: '13:30', end: '17:30' },
  ]),
  holidays: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-01',
    '2026-05-14',
    '2026-05-25',
    '2026-10-03',
    '2026-12-24',
    '2026-12-25',
    '2026-12-26',
    '2026-12-31',
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-01',
    '2027-05-06',
    '2027-05-17',
  ],
};

/** addBusinessTime against new Date(t + ms) over the same inputs: instants across 2026, 15 min to 60 business hours. */
function businessTimeRates(ops: number, seed: number) {
  const prng = new Prng(seed);
  const random = () => prng.next();
  const starts = new Float64Array(ops);
  const durations = new Float64Array(ops);
  const year = Date.UTC(2026, 0, 1);
  for (let i = 0; i < ops; i++) {
    starts[i] = year + Math.floor(random() * 365 * 86_400_000);
    durations[i] = (1 + Math.floor(random() * 240)) * 15 * 60_000;
  }
  const time = (fn: (i: number) => number) => {
    let sink = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) sink += fn(i);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { ms, perSec: ops / (ms / 1000), sink };
  };
  // A warm-up pass of each, so the JIT has compiled both before they are timed.
  const warm = Math.min(ops, 5000);
  for (let i = 0; i < warm; i++)
    addBusinessTime(officeCalendar, new Date(starts[i]!), durations[i]!);
  const business = time((i) =>
    addBusinessTime(officeCalendar, new Date(starts[i]!), durations[i]!).getTime(),
  );
  const plain = time((i) => new Date(starts[i]! + durations[i]!).getTime());
  return {
    ops,
    addBusinessTimePerSec: round(business.perSec),
    dateAdditionPerSec: round(plain.perSec),
    ratio: round(plain.perSec / business.perSec, 1),
    addBusinessTimeMeanUs: round((business.ms * 1000) / ops, 2),
  };
}

/** Times every transaction the job runs (a sweep, a reassignment) through the same Db. */
function timedDb(db: Db, samples: number[]): Db {
  return {
    ...db,
    transaction: async (fn) => {
      const t0 = performance.now();
      try {
        return await db.transaction(fn);
      } finally {
        samples.push(performance.now() - t0);
      }
    },
  } as Db;
}

async function runTarget(target: BenchTarget) {
  const { db } = target;
  const clocks = target.name === 'postgres' ? params.clocks : params['pglite-clocks'];
  const perSec =
    target.name === 'postgres' ? params['stream-per-sec'] : params['pglite-stream-per-sec'];
  const streamCount = perSec * params.window;
  if (2 * streamCount > clocks)
    throw new Error(
      'the stream is larger than the workspace: raise --clocks or lower --stream-per-sec',
    );
  await prepareWorkspace(db);
  const team = await seedSlaTeam(db, 50);
  progress(`${target.name}: writing ${clocks.toLocaleString('en-US')} open clocks…`);
  let t0 = performance.now();
  await seedOpenClocks(db, team, clocks, new Date());
  await db.exec('ANALYZE contacts; ANALYZE sla_clocks');
  const seedMs = performance.now() - t0;
  progress(
    `${target.name}: written in ${round(seedMs / 1000, 1)} s; the stream: ${streamCount} breaches and ${streamCount} warnings over ${params.window} s`,
  );

  // Far enough ahead for the stream to be written first: its share of the workspace's writing time, and some.
  const leadIn = 3000 + Math.ceil(((2 * streamCount) / clocks) * seedMs * 1.5);
  const windowStart = new Date(Date.now() + leadIn);
  const windowMs = params.window * 1000;
  t0 = performance.now();
  await seedStream(db, streamCount, windowStart, windowMs);
  const streamSeedMs = performance.now() - t0;
  if (Date.now() > windowStart.getTime())
    progress(`${target.name}: the stream was written after its window began`);

  const transactions: number[] = [];
  const errors: unknown[] = [];
  const runner = startJobs({
    db: timedDb(db, transactions),
    jobs: [slaClockJob],
    onError: (_, e) => errors.push(e),
  });
  const end = windowStart.getTime() + windowMs;
  const noticed = async () =>
    (
      await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sla_clocks WHERE handoff_seq = 2 AND state = 'breached'",
      )
    ).rows[0]!.n;
  // Past the window, and on until the whole stream is noticed (a job that fell behind catches up), 2 minutes at most.
  while (Date.now() < end + 6000) await new Promise((r) => setTimeout(r, 250));
  while (Date.now() < end + 120_000 && (await noticed()) < streamCount)
    await new Promise((r) => setTimeout(r, 1000));
  await runner.stop();
  if (errors.length > 0) throw new Error(`the clock job failed: ${String(errors[0])}`);

  const { rows } = await db.query<{ lag_ms: number }>(
    `SELECT extract(epoch FROM created_at - (payload->>'dueAt')::timestamptz) * 1000 AS lag_ms
     FROM notifications WHERE type = 'sla.breached' AND payload->>'recipient' = 'owner'`,
  );
  const lags = rows.map((r) => Number(r.lag_ms));
  const { rows: left } = await db.query<{ breached: number; warned: number }>(
    `SELECT count(*) FILTER (WHERE state = 'breached')::int AS breached,
            count(*) FILTER (WHERE state = 'warned')::int AS warned
     FROM sla_clocks WHERE handoff_seq = 2`,
  );
  const counts = left[0]!;
  // Each breach once: a second notification for one would make more rows than breached clocks.
  if (lags.length !== counts.breached)
    throw new Error(
      `breaches and their notifications differ: ${JSON.stringify({ notified: lags.length, ...counts, streamCount })}`,
    );
  const lag = {
    p50: round(percentile(lags, 50)),
    p99: round(percentile(lags, 99)),
    max: round(Math.max(...lags)),
    min: round(Math.min(...lags)),
  };
  return {
    target: target.name,
    status: 'ok' as const,
    location: target.location,
    openClocks: clocks + 2 * streamCount,
    breaches: lags.length,
    unnoticed: streamCount - counts.breached,
    warned: counts.warned,
    warnings: streamCount,
    breachLagMs: lag,
    breachLagP99Ms: lag.p99,
    sweepTransactions: {
      count: transactions.length,
      p50Ms: round(percentile(transactions, 50), 1),
      p99Ms: round(percentile(transactions, 99), 1),
      maxMs: round(Math.max(...transactions), 1),
    },
    goal: { ...goal, met: lag.p99 <= goal.atMost && counts.breached === streamCount },
    seedSeconds: round(seedMs / 1000, 1),
    streamSeedSeconds: round(streamSeedMs / 1000, 1),
  };
}

progress(`business time: ${params['bt-ops'].toLocaleString('en-US')} additions…`);
const businessTime = businessTimeRates(params['bt-ops'], params.seed);
const reports: TargetOutcome<Awaited<ReturnType<typeof runTarget>>>[] =
  await runPlannedTargets(runTarget);

const rows: Cell[][] = reports.map((r) =>
  r.status === 'ok'
    ? [
        r.target,
        r.openClocks,
        r.breaches,
        r.breachLagMs.p50,
        r.breachLagMs.p99,
        r.breachLagMs.max,
        r.sweepTransactions.p99Ms,
        r.sweepTransactions.maxMs,
        `p99 ≤ ${goal.atMost} ms: ${r.goal.met ? 'met' : 'NOT met'}`,
      ]
    : [r.target, null, null, null, null, null, null, null, `${r.status}: ${r.reason}`],
);
const tables: Table[] = [
  {
    title: `Breach detection lag (noticed − due) over a ${params.window} s window, ${params['stream-per-sec']} breaches/s on PostgreSQL and ${params['pglite-stream-per-sec']} on PGlite, as many warnings, the real clock job`,
    columns: [
      'target',
      'open clocks',
      'breaches',
      'p50 ms',
      'p99 ms',
      'max ms',
      'tx p99 ms',
      'tx max ms',
      'goal',
    ],
    rows,
  },
  {
    title: `Business-time additions (Berlin split shift, holidays) vs plain Date addition, ${businessTime.ops.toLocaleString('en-US')} each`,
    columns: ['addBusinessTime/s', 'Date addition/s', 'ratio', 'µs per addition'],
    rows: [
      [
        businessTime.addBusinessTimePerSec,
        businessTime.dateAdditionPerSec,
        businessTime.ratio,
        businessTime.addBusinessTimeMeanUs,
      ],
    ],
  },
];

printReport(
  {
    benchmark: 'sla',
    at: new Date().toISOString(),
    params,
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      loadAverage1m: round(os.loadavg()[0]!, 2),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
    },
    businessTime,
    targets: reports,
  },
  tables,
);
if (reports.some((r) => r.status === 'error')) process.exitCode = 1;
