import { salesAttemptEventType } from '../../src/core/sales-activity.js';
import {
  type LoadContext,
  type RequestKind,
  runScenario,
  type ScenarioRun,
} from './load-clients.js';
import { seedMembers, seedThroughServer } from './load-seed.js';
import {
  createLoadDatabase,
  type LoadDatabasePlan,
  type RunningServer,
  startBaseline,
  startTandem,
} from './load-server.js';
import { progress } from './report.js';
import { percentile } from './stats.js';
import { eventMessages, makePeople } from './tracking-workload.js';
import { measureUsage } from './usage.js';

export interface LoadParams {
  seconds: number;
  clients: number;
  reps: number;
  leadsPerRep: number;
  contacts: number;
  batch: number;
  seed: number;
  /** 0 skips the bare node:http baseline (the reliability test does). */
  baseline: number;
}

export type ScenarioName = 'baseline' | 'track' | 'batch' | 'inbox' | 'attempt' | 'mixed';

/**
 * The mixed scenario's clients, in turn: inbox reads and tracking at once, with
 * a lead action now and then; the first four clients hold every kind.
 */
const mixedKinds: readonly RequestKind[] = [
  'track',
  'inbox',
  'batch',
  'attempt',
  'track',
  'inbox',
  'track',
  'inbox',
];

function clientKinds(name: ScenarioName, clients: number): RequestKind[] {
  return Array.from({ length: clients }, (_, i) =>
    name === 'mixed' ? mixedKinds[i % mixedKinds.length]! : name,
  );
}

export interface KindSummary {
  requests: number;
  requestsPerSec: number;
  eventsPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
  errorSamples: string[];
}

export interface ScenarioResult extends KindSummary {
  scenario: ScenarioName;
  clients: number;
  wallMs: number;
  events: number;
  /** requests/s ÷ the baseline's requests/s at the same concurrency. */
  ratioToBaseline: number | null;
  machineBusy: number;
  byKind: Partial<Record<RequestKind, KindSummary>>;
  /** Read from the database after the server stopped. */
  stored: { acknowledged: number; stored: number; distinct: number } | null;
  attempts: { acknowledged: number; stored: number } | null;
}

export interface LoadTargetResult {
  target: 'pglite' | 'postgres';
  location: string;
  serverVersion: string;
  scenarios: ScenarioResult[];
  /** What `tandem serve` wrote on stderr (it logs at warn). */
  serverStderr: string;
  serverExitCode: number | null;
}

function summarizeKind(
  requests: number,
  latencies: number[],
  events: number,
  errors: number,
  samples: string[],
  wallMs: number,
): KindSummary {
  const seconds = wallMs / 1000;
  return {
    requests,
    requestsPerSec: requests / seconds,
    eventsPerSec: events / seconds,
    p50Ms: latencies.length ? percentile(latencies, 50) : null,
    p99Ms: latencies.length ? percentile(latencies, 99) : null,
    errors,
    errorSamples: samples,
  };
}

function summarize(name: ScenarioName, run: ScenarioRun, machineBusy: number): ScenarioResult {
  const kinds = Object.entries(run.byKind) as [
    RequestKind,
    NonNullable<ScenarioRun['byKind'][RequestKind]>,
  ][];
  const byKind = Object.fromEntries(
    kinds.map(([kind, s]) => [
      kind,
      summarizeKind(
        s.requests,
        s.latenciesMs,
        s.eventsStored,
        s.errors,
        s.errorSamples,
        run.wallMs,
      ),
    ]),
  );
  const all = kinds.map(([, s]) => s);
  const events = all.reduce((n, s) => n + s.eventsStored, 0);
  return {
    scenario: name,
    clients: run.clients,
    wallMs: run.wallMs,
    events,
    ratioToBaseline: null,
    machineBusy,
    ...summarizeKind(
      all.reduce((n, s) => n + s.requests, 0),
      all.flatMap((s) => s.latenciesMs),
      events,
      all.reduce((n, s) => n + s.errors, 0),
      all.flatMap((s) => s.errorSamples).slice(0, 5),
      run.wallMs,
    ),
    byKind,
    stored: null,
    attempts: null,
  };
}

/**
 * One database: workspace, the real server in a child process, seeding
 * through it, each scenario for `seconds`, then the server stopped and every
 * acknowledged event and attempt looked up in the database. The baseline
 * runs first, at the same concurrency, in a process of its own.
 */
export async function runLoadTarget(
  plan: LoadDatabasePlan,
  p: LoadParams,
  names: readonly ScenarioName[] = ['baseline', 'track', 'batch', 'inbox', 'attempt', 'mixed'],
): Promise<LoadTargetResult> {
  const database = await createLoadDatabase(plan);
  let server: RunningServer | undefined;
  // Ctrl-C reaches the children too; the database is this process's to remove.
  const onInterrupt = () => {
    progress('interrupted: stopping the server and removing the benchmark database');
    void (server?.stop() ?? Promise.resolve())
      .then(() => database.remove())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  try {
    const db = await database.open();
    let seeded: Awaited<ReturnType<typeof seedMembers>>;
    let serverVersion: string;
    try {
      seeded = await seedMembers(db, p.reps);
      serverVersion = (await db.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
    } finally {
      await db.close();
    }
    progress(`${plan.name}: starting tandem serve`);
    server = await startTandem(database);
    const writeKeyAuth = `Basic ${Buffer.from(`${seeded.writeKey}:`).toString('base64')}`;
    const people = makePeople(p.seed, p.contacts);
    progress(
      `${plan.name}: seeding ${p.contacts} contacts and ${p.reps * p.leadsPerRep} leads through the server`,
    );
    const reps = await seedThroughServer({
      url: server.url,
      writeKeyAuth,
      people,
      repEmails: seeded.repEmails,
      leadsPerRep: p.leadsPerRep,
    });
    const ctx: LoadContext = {
      baseUrl: server.url,
      writeKeyAuth,
      messages: eventMessages(p.seed, people, 10_000, 'pool', 1),
      reps,
      batchSize: p.batch,
    };

    const scenarios: ScenarioResult[] = [];
    const attemptIds = new Map<ScenarioResult, string[]>();
    let baselineRps: number | null = null;
    for (const name of names) {
      if (name === 'baseline' && !p.baseline) continue;
      const baseline = name === 'baseline' ? await startBaseline() : undefined;
      try {
        const stop = measureUsage();
        const run = await runScenario(
          { ...ctx, baselineUrl: baseline?.url },
          {
            name,
            clientKinds: clientKinds(name, p.clients),
            seconds: p.seconds,
            prefix: `${name}:`,
          },
        );
        const result = summarize(name, run, stop().machineBusy);
        if (name === 'baseline') baselineRps = result.requestsPerSec;
        result.ratioToBaseline = baselineRps === null ? null : result.requestsPerSec / baselineRps;
        scenarios.push(result);
        if (run.byKind.attempt) attemptIds.set(result, run.byKind.attempt.attemptIds);
        progress(
          `${plan.name} ${name}: ${Math.round(result.requestsPerSec)} req/s, ${Math.round(result.eventsPerSec)} events/s, p50 ${result.p50Ms?.toFixed(1)} ms, p99 ${result.p99Ms?.toFixed(1)} ms, ${result.errors} errors`,
        );
      } finally {
        await baseline?.stop();
      }
    }
    const serverExitCode = await server.stop();
    const serverStderr = server.stderr();
    server = undefined;
    await verifyStored(database, scenarios, attemptIds);
    return {
      target: plan.name,
      location: database.location,
      serverVersion,
      scenarios,
      serverStderr,
      serverExitCode,
    };
  } finally {
    process.off('SIGINT', onInterrupt);
    await server?.stop();
    await database.remove();
  }
}

/** Every acknowledged tracking event stored once, every acknowledged attempt stored. */
async function verifyStored(
  database: Awaited<ReturnType<typeof createLoadDatabase>>,
  scenarios: ScenarioResult[],
  attemptIds: Map<ScenarioResult, string[]>,
): Promise<void> {
  const db = await database.open();
  try {
    for (const s of scenarios) {
      if (s.byKind.track || s.byKind.batch) {
        const { rows } = await db.query<{ n: number; d: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT message_id)::int AS d FROM events
           WHERE message_id LIKE $1`,
          [`${s.scenario}:%`],
        );
        s.stored = { acknowledged: s.events, stored: rows[0]!.n, distinct: rows[0]!.d };
      }
      const ids = attemptIds.get(s);
      if (ids) {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[]) AND type = $2`,
          [ids, salesAttemptEventType],
        );
        s.attempts = { acknowledged: ids.length, stored: rows[0]!.n };
      }
    }
  } finally {
    await db.close();
  }
}
