/**
 * Loopback load benchmark (issue 8): the real `tandem serve` in a child
 * process, closed-loop clients in this one, for a bounded time per scenario —
 * single tracking events, batches of events, reps reading their inbox,
 * reps logging attempts, and all of it at once — beside a bare node:http
 * server hit by the same client code at the same concurrency in the same run.
 * PGlite always (on disk), PostgreSQL when DATABASE_URL is set (in a database
 * of its own, dropped afterwards).
 *
 *   tsx bench/load.ts [--seconds 10] [--clients 8] [--reps 20] [--leads-per-rep 25] …
 *
 * JSON on stdout, progress and tables on stderr. Exits non-zero when a target
 * fails or any request was refused or any acknowledged write is missing.
 */
import os from 'node:os';
import { parseIntFlags } from './lib/args.js';
import {
  type KindSummary,
  type LoadParams,
  type LoadTargetResult,
  runLoadTarget,
} from './lib/load-target.js';
import { type Cell, printReport, progress, type Table } from './lib/report.js';
import { round } from './lib/stats.js';

const flags = parseIntFlags(process.argv.slice(2), {
  seconds: { default: 10, min: 1, max: 3600, help: 'seconds each scenario runs' },
  clients: { default: 8, min: 1, max: 256, help: 'concurrent keep-alive clients' },
  reps: { default: 20, min: 1, max: 500, help: 'sales reps reading their inbox' },
  'leads-per-rep': { default: 25, min: 1, max: 200, help: 'leads routed to each rep' },
  contacts: { default: 2_000, min: 1, max: 1_000_000, help: 'people identified before the load' },
  batch: { default: 100, min: 1, max: 500, help: 'events per POST /v1/batch' },
  seed: { default: 1, min: 0, max: 2 ** 31 - 1, help: 'workload seed' },
});
const params: LoadParams = {
  seconds: flags.seconds,
  clients: flags.clients,
  reps: flags.reps,
  leadsPerRep: flags['leads-per-rep'],
  contacts: flags.contacts,
  batch: flags.batch,
  seed: flags.seed,
  baseline: 1,
};

type Outcome =
  | (LoadTargetResult & { status: 'ok' | 'failed'; problems: string[] })
  | { target: 'pglite' | 'postgres'; status: 'skipped' | 'error'; reason: string };

/** What makes a run's figures describe something other than a working server. */
function problemsOf(r: LoadTargetResult): string[] {
  const problems: string[] = [];
  for (const s of r.scenarios) {
    if (s.errors > 0) problems.push(`${s.scenario}: ${s.errors} errors, e.g. ${s.errorSamples[0]}`);
    if (
      s.stored &&
      (s.stored.stored !== s.stored.acknowledged || s.stored.distinct !== s.stored.stored)
    )
      problems.push(`${s.scenario}: ${JSON.stringify(s.stored)} (acknowledged events vs stored)`);
    if (s.attempts && s.attempts.stored !== s.attempts.acknowledged)
      problems.push(
        `${s.scenario}: ${JSON.stringify(s.attempts)} (acknowledged attempts vs stored)`,
      );
  }
  if (r.serverExitCode !== 0) problems.push(`tandem serve exited with ${r.serverExitCode}`);
  return problems;
}

const outcomes: Outcome[] = [];
const adminUrl = process.env.DATABASE_URL?.trim();
for (const plan of [
  { name: 'pglite' as const },
  ...(adminUrl ? [{ name: 'postgres' as const, adminUrl }] : []),
]) {
  try {
    const result = await runLoadTarget(plan, params);
    const problems = problemsOf(result);
    if (result.serverStderr)
      progress(`${plan.name}: tandem serve wrote on stderr:\n${result.serverStderr}`);
    outcomes.push({ ...result, status: problems.length ? 'failed' : 'ok', problems });
  } catch (error) {
    progress(`${plan.name}: FAILED ${(error as Error).stack ?? String(error)}`);
    outcomes.push({ target: plan.name, status: 'error', reason: (error as Error).message });
  }
}
if (!adminUrl)
  outcomes.push({ target: 'postgres', status: 'skipped', reason: 'DATABASE_URL is not set' });

const fixed = (v: number | null, digits: number) => (v === null ? null : round(v, digits));
const rows: Cell[][] = outcomes.flatMap((o): Cell[][] =>
  'scenarios' in o
    ? o.scenarios.flatMap((s) => {
        const check = s.stored
          ? `${s.stored.stored}/${s.stored.acknowledged} stored once`
          : s.attempts
            ? `${s.attempts.stored}/${s.attempts.acknowledged} attempts`
            : '';
        const line = (label: string, k: typeof s | NonNullable<(typeof s.byKind)['track']>) => [
          o.target,
          label,
          round(k.requestsPerSec),
          k.eventsPerSec ? round(k.eventsPerSec) : null,
          fixed(k.p50Ms, 1),
          fixed(k.p99Ms, 1),
          k.errors,
        ];
        const main: Cell[] = [
          ...line(s.scenario, s),
          fixed(s.ratioToBaseline, 3),
          round(s.machineBusy, 2),
          check,
        ];
        if (s.scenario !== 'mixed') return [main];
        return [
          main,
          ...Object.entries(s.byKind).map(([kind, k]): Cell[] => [
            ...line(`  mixed: ${kind}`, k),
            null,
            null,
            '',
          ]),
        ];
      })
    : [[o.target, `${o.status}: ${o.reason}`, null, null, null, null, null, null, null, '']],
);
const tables: Table[] = [
  {
    title: `Loopback load — ${params.seconds} s per scenario, ${params.clients} closed-loop clients, tandem serve in its own process; ratio = req/s ÷ bare node:http req/s; machine = busy share of all ${os.cpus().length} cores`,
    columns: [
      'target',
      'scenario',
      'req/s',
      'events/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'ratio',
      'machine',
      'check',
    ],
    rows,
  },
];

const rounded = <K extends KindSummary>(k: K): K => ({
  ...k,
  requestsPerSec: round(k.requestsPerSec),
  eventsPerSec: round(k.eventsPerSec),
  p50Ms: fixed(k.p50Ms, 2),
  p99Ms: fixed(k.p99Ms, 2),
});
const json = (o: Outcome) =>
  'scenarios' in o
    ? {
        ...o,
        scenarios: o.scenarios.map((s) => ({
          ...rounded(s),
          wallMs: round(s.wallMs),
          ratioToBaseline: fixed(s.ratioToBaseline, 4),
          machineBusy: round(s.machineBusy, 3),
          byKind: Object.fromEntries(
            Object.entries(s.byKind).map(([kind, k]) => [kind, rounded(k)]),
          ),
        })),
      }
    : o;

printReport(
  {
    benchmark: 'load',
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
    targets: outcomes.map(json),
  },
  tables,
);
if (outcomes.some((o) => o.status === 'error' || o.status === 'failed')) process.exitCode = 1;
