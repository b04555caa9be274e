import { systemActor } from '../../src/core/roles.js';
import { buildApp } from '../../src/server/app.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { startLoadWorker, storedWhole } from './http-load.js';
import { Prng } from './prng.js';
import { progress } from './report.js';
import { activities } from './scoring-catalog.js';
import type { SampleContact } from './scoring-data.js';
import { type StatementTime, timeStatements } from './scoring-timed-db.js';
import { percentile } from './stats.js';
import type { BenchTarget } from './targets.js';
import { measureUsage, type Usage } from './usage.js';

/**
 * Ingest latency with scoring on, against the same load with scoring off in
 * the same run: the real server (buildApp on a free port) takes POST /v1/batch
 * from `clients` concurrent keep-alive clients on a worker thread, for events
 * of contacts already in the database and already scored (a sample identified
 * by email first). Scoring is off while no version is active, so for the
 * baseline the active version is set back to `draft` in SQL and restored
 * afterwards; nothing else differs between the two.
 */
export interface IngestParams {
  ingestEvents: number;
  ingestContacts: number;
  clients: number;
  batch: number;
  rounds: number;
  seed: number;
}

export interface IngestPhase extends Usage {
  scoring: 'on' | 'off';
  events: number;
  requests: number;
  wallMs: number;
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Contacts whose stored score this phase's transactions wrote. */
  scored: number;
  /** The server's statements in this phase, summed over its transactions (which overlap on PostgreSQL). */
  statements: StatementTime[];
}

export interface IngestRun {
  identified: number;
  rounds: { round: number; on: IngestPhase; off: IngestPhase }[];
}

type Message = Record<string, unknown>;

const library = { name: 'analytics.js', version: '5.2.0' };

function bodies(messages: readonly Message[], size: number, sentAt: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < messages.length; i += size)
    out.push(JSON.stringify({ batch: messages.slice(i, i + size), sentAt }));
  return out;
}

/** Track and page calls of the catalog's activities by identified people, busy ones more often. */
function eventMessages(prng: Prng, people: number, count: number, prefix: string): string[] {
  const now = Date.now();
  const messages = Array.from({ length: count }, (_, i): Message => {
    const person = Math.floor(prng.next() ** 2 * people);
    const activity = activities[prng.int(activities.length)]!;
    const common = {
      messageId: `${prefix}${i}`,
      userId: `bench-user-${person}`,
      properties: activity.properties,
      // Minutes old: live traffic, not the late events that make scoring rebuild a state.
      timestamp: new Date(now - prng.int(600_000)).toISOString(),
    };
    return activity.track === null
      ? {
          ...common,
          type: 'page',
          name: activity.name,
          context: {
            library,
            page: { path: activity.properties.path, url: activity.properties.url },
            ip: `203.0.113.${prng.int(255)}`,
          },
        }
      : {
          ...common,
          type: 'track',
          event: activity.track,
          context: { library, ip: `203.0.113.${prng.int(255)}` },
        };
  });
  return messages.map((m) => JSON.stringify(m));
}

function fail(target: BenchTarget, message: string): never {
  throw new Error(`${target.name}: ${message}`);
}

export async function runIngestRounds(
  target: BenchTarget,
  sample: readonly SampleContact[],
  activeModelId: string,
  p: IngestParams,
): Promise<IngestRun> {
  const { db } = target;
  const { apiKey, key } = await createApiKey({
    db,
    actor: systemActor,
    name: 'scoring benchmark',
    scopes: ['ingest'],
  });
  const source = `api_key:${apiKey.id}`;
  const timed = timeStatements(db);
  const app = await buildApp({ db: timed.db, config: target.config, logger: false });
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `${base}/v1/batch`;
    const headers = {
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      'content-type': 'application/json',
    };

    const send = async (
      payloads: string[],
      expected: number,
    ): Promise<Omit<IngestPhase, 'scoring' | 'scored' | 'statements'>> => {
      const load = await startLoadWorker({ url, headers, bodies: payloads, clients: p.clients });
      try {
        const stop = measureUsage();
        const result = await load.run();
        const usage = stop();
        const stored = storedWhole(result.answers, expected, (m) => fail(target, m));
        return {
          events: stored,
          requests: payloads.length,
          wallMs: result.wallMs,
          eventsPerSec: stored / (result.wallMs / 1000),
          p50Ms: percentile(result.latenciesMs, 50),
          p99Ms: percentile(result.latenciesMs, 99),
          ...usage,
        };
      } finally {
        await load.close();
      }
    };

    const people = sample.slice(0, p.ingestContacts);
    progress(`${target.name}: identifying ${people.length} loaded contacts by email`);
    const contactsBefore = await count(target, 'SELECT count(*)::int AS n FROM contacts', []);
    const identifyAt = new Date().toISOString();
    await send(
      bodies(
        people.map((person, i) => ({
          type: 'identify',
          messageId: `identify-${i}`,
          userId: `bench-user-${i}`,
          traits: { email: person.email },
          context: { library },
          timestamp: identifyAt,
        })),
        p.batch,
        identifyAt,
      ),
      people.length,
    );
    const contactsAfter = await count(target, 'SELECT count(*)::int AS n FROM contacts', []);
    if (contactsAfter !== contactsBefore)
      fail(
        target,
        `identify created ${contactsAfter - contactsBefore} contacts instead of finding them by email`,
      );

    const phase = async (round: number, scoring: 'on' | 'off'): Promise<IngestPhase> => {
      const prefix = `r${round}-${scoring}-`;
      const prng = new Prng(p.seed * 1_000 + round * 2 + (scoring === 'on' ? 0 : 1));
      const messages = eventMessages(prng, people.length, p.ingestEvents, prefix);
      const sentAt = new Date().toISOString();
      const payloads: string[] = [];
      for (let i = 0; i < messages.length; i += p.batch)
        payloads.push(
          `{"batch":[${messages.slice(i, i + p.batch).join(',')}],"sentAt":"${sentAt}"}`,
        );
      if (scoring === 'off') {
        const { rowCount } = await db.query(
          `UPDATE scoring_models SET status = 'draft' WHERE id = $1 AND status = 'active'`,
          [activeModelId],
        );
        if (rowCount !== 1) fail(target, 'the active scoring model could not be switched off');
      }
      const started = new Date();
      let sent: Awaited<ReturnType<typeof send>>;
      timed.reset();
      try {
        sent = await send(payloads, p.ingestEvents);
      } finally {
        if (scoring === 'off')
          await db.query(`UPDATE scoring_models SET status = 'active' WHERE id = $1`, [
            activeModelId,
          ]);
      }
      const stored = await count(
        target,
        'SELECT count(*)::int AS n FROM events WHERE source = $1 AND message_id LIKE $2',
        [source, `${prefix}%`],
      );
      if (stored !== p.ingestEvents)
        fail(target, `${stored} events in the table, ${p.ingestEvents} sent`);
      const scored = await count(
        target,
        'SELECT count(*)::int AS n FROM contact_scores WHERE scored_at >= $1',
        [started],
      );
      // Each phase must be what it says: scores written with scoring on, none with it off.
      if (scoring === 'on' ? scored === 0 : scored !== 0)
        fail(target, `scoring ${scoring}, yet ${scored} contacts were scored during the phase`);
      return { scoring, ...sent, scored, statements: timed.times() };
    };

    const rounds: IngestRun['rounds'] = [];
    for (let round = 1; round <= p.rounds; round++) {
      // Alternating which goes first, so neither always runs on the warmer server.
      const order: ('on' | 'off')[] = round % 2 === 1 ? ['on', 'off'] : ['off', 'on'];
      const results: Partial<Record<'on' | 'off', IngestPhase>> = {};
      for (const scoring of order) results[scoring] = await phase(round, scoring);
      const { on, off } = results as Record<'on' | 'off', IngestPhase>;
      rounds.push({ round, on, off });
      progress(
        `${target.name} ingest round ${round}/${p.rounds}: scoring on p50 ${on.p50Ms.toFixed(1)} ms, p99 ${on.p99Ms.toFixed(1)} ms, ${Math.round(on.eventsPerSec)} events/s; off p50 ${off.p50Ms.toFixed(1)} ms, p99 ${off.p99Ms.toFixed(1)} ms, ${Math.round(off.eventsPerSec)} events/s`,
      );
    }
    return { identified: people.length, rounds };
  } finally {
    await app.close();
  }
}

async function count(target: BenchTarget, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await target.db.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}
