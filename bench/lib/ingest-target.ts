import { systemActor } from '../../src/core/roles.js';
import { buildApp } from '../../src/server/app.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
// The columns ingest's COPY writes: the baseline copies exactly these.
import { eventColumns } from '../../src/store/events.js';
import { type LoadResult, startLoadWorker, storedWhole } from './http-load.js';
import { progress } from './report.js';
import { percentile } from './stats.js';
import type { BenchTarget } from './targets.js';
import { batchBodies, eventMessages, identifyMessages, makePeople } from './tracking-workload.js';
import { measureUsage, type Usage } from './usage.js';

export interface IngestParams {
  events: number;
  contacts: number;
  clients: number;
  batch: number;
  rounds: number;
  seed: number;
  /** 1: the default scoring model active (every ingest transaction scores); 0: none active. */
  scoring: number;
  /** How long before it is sent each event happened, at most (uniform). */
  spreadHours: number;
}

export interface PhaseResult extends Usage {
  events: number;
  requests: number;
  wallMs: number;
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface CopyResult {
  rows: number;
  wallMs: number;
  eventsPerSec: number;
}

export interface RoundResult {
  round: number;
  ingest: PhaseResult;
  /** COPY into the bare table (no keys, no indexes). */
  copy: CopyResult;
  /** ingest events/s ÷ COPY events/s, both from this round. */
  ratio: number;
  /** COPY into the table shaped like events, with all its keys and indexes. */
  indexedCopy: CopyResult;
  /** ingest events/s ÷ indexed COPY events/s, both from this round. */
  indexedRatio: number;
}

export interface TargetRun {
  serverVersion: string;
  location: string;
  identify: PhaseResult;
  rounds: RoundResult[];
}

const rawTable = 'bench_events_raw';
const indexedTable = 'bench_events_indexed';

async function count(db: Db, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}

function fail(target: string, message: string): never {
  throw new Error(`${target}: ${message}`);
}

/** Sends the bodies and checks every message was stored exactly once and none refused. */
async function sendPhase(
  target: BenchTarget,
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  clients: number,
  expected: number,
): Promise<PhaseResult> {
  const load = await startLoadWorker({ url, headers, bodies, clients });
  let result: LoadResult;
  let usage: Usage;
  try {
    const stop = measureUsage();
    result = await load.run();
    usage = stop();
  } finally {
    await load.close();
  }
  const stored = storedWhole(result.answers, expected, (m) => fail(target.name, m));
  return {
    events: stored,
    requests: bodies.length,
    wallMs: result.wallMs,
    eventsPerSec: stored / (result.wallMs / 1000),
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    ...usage,
  };
}

/**
 * Reads back what ingest stored for one round (untimed), COPYs exactly those
 * values into the bare table and into the indexed one (each timed, in a
 * transaction of its own), and checks each table's copies equal the originals.
 */
async function copyRound(
  target: BenchTarget,
  source: string,
  prefix: string,
  expected: number,
  round: number,
): Promise<Pick<RoundResult, 'copy' | 'indexedCopy'>> {
  const { db } = target;
  const selectList = eventColumns.map((c) => `${c}::text`).join(', ');
  const { rows } = await db.query<Record<(typeof eventColumns)[number], string | null>>(
    `SELECT ${selectList} FROM events WHERE source = $1 AND message_id LIKE $2 ORDER BY id`,
    [source, `${prefix}%`],
  );
  const values = rows.map((r) => eventColumns.map((c) => r[c]));
  const copyInto = async (table: string): Promise<CopyResult> => {
    // Timed from the text values, like ingest, which also encodes its rows before COPY.
    const started = performance.now();
    const copied = await db.transaction((tx) => tx.copyFrom(table, eventColumns, values));
    const wallMs = performance.now() - started;
    if (copied !== expected)
      fail(target.name, `COPY into ${table} loaded ${copied} rows, expected ${expected}`);
    const same = await count(
      db,
      `SELECT count(*)::int AS n FROM ${table} r JOIN events e ON e.id = r.id
       WHERE e.source = $1 AND e.message_id LIKE $2
         AND (${eventColumns.map((c) => `r.${c}`).join(', ')}) IS NOT DISTINCT FROM (${eventColumns.map((c) => `e.${c}`).join(', ')})`,
      [source, `${prefix}%`],
    );
    if (same !== expected)
      fail(
        target.name,
        `${expected - same} rows copied into ${table} differ from the stored events`,
      );
    return { rows: copied, wallMs, eventsPerSec: copied / (wallMs / 1000) };
  };
  // The order alternates (odd rounds bare first, even rounds indexed first), so
  // neither COPY always runs second, on a cache the other one warmed.
  let copy: CopyResult;
  let indexedCopy: CopyResult;
  if (round % 2 === 1) {
    copy = await copyInto(rawTable);
    indexedCopy = await copyInto(indexedTable);
  } else {
    indexedCopy = await copyInto(indexedTable);
    copy = await copyInto(rawTable);
  }
  // The indexed table holds what events holds, so its indexes are as big at every round.
  const inEvents = await count(db, 'SELECT count(*)::int AS n FROM events', []);
  const inIndexed = await count(db, `SELECT count(*)::int AS n FROM ${indexedTable}`, []);
  if (inIndexed !== inEvents)
    fail(target.name, `${indexedTable} holds ${inIndexed} rows, events ${inEvents}`);
  return { copy, indexedCopy };
}

/** One target: schema, write key, the real server on a free port, identify, then the timed rounds. */
export async function runIngestTarget(target: BenchTarget, p: IngestParams): Promise<TargetRun> {
  const { db } = target;
  await prepareWorkspace(db);
  // Scoring is off while no version is active; set back in SQL, as nothing in the product retires an active model.
  if (!p.scoring)
    await db.query(`UPDATE scoring_models SET status = 'draft' WHERE status = 'active'`);
  const serverVersion = (await db.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
  // Same types as events, none of its keys, indexes, defaults or NOT NULLs: the floor of storing these rows.
  await db.exec(
    `CREATE TABLE ${rawTable} AS SELECT ${eventColumns.join(', ')} FROM events WITH NO DATA`,
  );
  // Shaped exactly like events — its primary key, UNIQUE (message_id, source), the per-contact
  // and anonymous indexes, defaults, NOT NULLs: the floor of storing these rows with the
  // indexes exactly-once ingest and per-contact reads need.
  await db.exec(`CREATE TABLE ${indexedTable} (LIKE events INCLUDING ALL)`);
  const indexDefs = `SELECT count(*)::int AS n FROM pg_index WHERE indrelid = $1::regclass`;
  const eventsIndexes = await count(db, indexDefs, ['events']);
  const indexedIndexes = await count(db, indexDefs, [indexedTable]);
  if (indexedIndexes !== eventsIndexes)
    fail(target.name, `${indexedTable} has ${indexedIndexes} indexes, events ${eventsIndexes}`);
  const { apiKey, key } = await createApiKey({
    db,
    actor: systemActor,
    name: 'ingest benchmark',
    scopes: ['ingest'],
  });
  const source = `api_key:${apiKey.id}`;
  const app = await buildApp({ db, config: target.config, logger: false });
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `${base}/v1/batch`;
    const headers = {
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      'content-type': 'application/json',
    };
    const runId = `s${p.seed}`;
    const people = makePeople(p.seed, p.contacts);
    progress(`${target.name}: identifying ${p.contacts} contacts`);
    const identify = await sendPhase(
      target,
      url,
      headers,
      batchBodies(identifyMessages(people, runId), p.batch),
      p.clients,
      p.contacts,
    );
    const contacts = await count(db, 'SELECT count(*)::int AS n FROM contacts', []);
    if (contacts !== p.contacts)
      fail(target.name, `${contacts} contacts stored, ${p.contacts} identified`);
    // What is measured must be what was asked: with scoring on, ingest scored every contact.
    const scored = await count(db, 'SELECT count(*)::int AS n FROM contact_scores', []);
    if (scored !== (p.scoring ? p.contacts : 0))
      fail(target.name, `${scored} contacts scored with scoring ${p.scoring ? 'on' : 'off'}`);
    // Untimed: the events identify stored, so the indexed table starts as big as events.
    const columnList = eventColumns.join(', ');
    await db.query(`INSERT INTO ${indexedTable} (${columnList}) SELECT ${columnList} FROM events`);

    const rounds: RoundResult[] = [];
    for (let round = 1; round <= p.rounds; round++) {
      const bodies = batchBodies(
        eventMessages(p.seed, people, p.events, runId, round, p.spreadHours * 3_600_000),
        p.batch,
      );
      const prefix = `${runId}-r${round}-`;
      const ingest = await sendPhase(target, url, headers, bodies, p.clients, p.events);
      const stored = await count(
        db,
        'SELECT count(*)::int AS n FROM events WHERE source = $1 AND message_id LIKE $2',
        [source, `${prefix}%`],
      );
      if (stored !== p.events) fail(target.name, `${stored} events in the table, ${p.events} sent`);
      const { copy, indexedCopy } = await copyRound(target, source, prefix, p.events, round);
      const ratio = ingest.eventsPerSec / copy.eventsPerSec;
      const indexedRatio = ingest.eventsPerSec / indexedCopy.eventsPerSec;
      rounds.push({ round, ingest, copy, ratio, indexedCopy, indexedRatio });
      progress(
        `${target.name} round ${round}/${p.rounds}: ingest ${Math.round(ingest.eventsPerSec)} events/s, COPY ${Math.round(copy.eventsPerSec)} events/s, indexed COPY ${Math.round(indexedCopy.eventsPerSec)} events/s, p50 ${ingest.p50Ms.toFixed(1)} ms, p99 ${ingest.p99Ms.toFixed(1)} ms`,
      );
    }
    return { serverVersion, location: target.location, identify, rounds };
  } finally {
    await app.close();
  }
}
