import type { Message } from './tracking-workload.js';

/**
 * Closed-loop, time-bounded load over loopback HTTP: each client sends its
 * next request as soon as the previous one has been answered, until the
 * scenario's time is up; requests in flight at the deadline are still
 * awaited and counted. The server runs in a process of its own, so these
 * clients never share its event loop. Node's fetch keeps connections alive.
 */
export type RequestKind = 'baseline' | 'track' | 'batch' | 'inbox' | 'attempt';

/** A rep signed in through POST /api/v1/session, as the web app is. */
export interface RepSession {
  email: string;
  cookie: string;
  csrfToken: string;
  /** The leads their inbox showed after seeding; attempts go to these. */
  leadIds: string[];
}

export interface LoadContext {
  /** The Tandem server, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** The bare node:http server of the baseline. */
  baselineUrl?: string;
  /** Authorization header carrying the ingest write key. */
  writeKeyAuth: string;
  /** Workload messages (lib/tracking-workload.ts) reused under fresh messageIds. */
  messages: readonly Message[];
  reps: readonly RepSession[];
  /** Events per POST /v1/batch. */
  batchSize: number;
}

export interface KindStats {
  requests: number;
  /** Non-2xx answers, failed connections, and answers that do not say what they should. */
  errors: number;
  errorSamples: string[];
  latenciesMs: number[];
  /** Tracking: events the server acknowledged as stored. */
  eventsStored: number;
  /** Attempts: ids of the events the server answered with. */
  attemptIds: string[];
}

export interface ScenarioRun {
  name: string;
  /** messageId prefix of every tracking message sent in this scenario. */
  prefix: string;
  wallMs: number;
  clients: number;
  byKind: Partial<Record<RequestKind, KindStats>>;
}

function emptyStats(): KindStats {
  return {
    requests: 0,
    errors: 0,
    errorSamples: [],
    latenciesMs: [],
    eventsStored: 0,
    attemptIds: [],
  };
}

interface Prepared {
  url: string;
  init: RequestInit;
  /** Reads the answer; returns what is wrong with it, or null. */
  check(status: number, text: string, stats: KindStats): string | null;
}

function trackingCheck(expected: number) {
  return (status: number, text: string, stats: KindStats): string | null => {
    if (status !== 200) return `${status}: ${text.slice(0, 300)}`;
    const a = JSON.parse(text) as { stored: number; duplicates: number; rejected: unknown[] };
    // Fresh messageIds only: anything but all stored means the figures describe another workload.
    if (a.stored !== expected || a.duplicates !== 0 || a.rejected.length !== 0)
      return `not stored whole: ${text.slice(0, 300)}`;
    stats.eventsStored += a.stored;
    return null;
  };
}

/**
 * Builds each client's next request. Message ids are `${prefix}${client}-${seq}`
 * (batches add `-${i}`), so a scenario's events are found again by prefix.
 */
function requestMaker(ctx: LoadContext, prefix: string) {
  const singles = ctx.messages.filter((m) => m.type === 'track');
  if (singles.length === 0) throw new Error('the workload holds no track messages');
  let rep = 0;
  let lead = 0;
  const nextRep = (): RepSession => {
    const r = ctx.reps[rep++ % ctx.reps.length];
    if (!r) throw new Error('no signed-in reps for an inbox scenario');
    return r;
  };
  const trackingHeaders = { authorization: ctx.writeKeyAuth, 'content-type': 'application/json' };
  const sentAt = () => new Date().toISOString();
  return (kind: RequestKind, client: number, seq: number): Prepared => {
    const id = `${prefix}${client}-${seq}`;
    switch (kind) {
      case 'baseline':
        return {
          url: ctx.baselineUrl!,
          init: {},
          check: (status, text) => (status === 200 ? null : `${status}: ${text.slice(0, 300)}`),
        };
      case 'track': {
        const { type: _type, ...message } = singles[(client * 7919 + seq) % singles.length]!;
        return {
          url: `${ctx.baseUrl}/v1/track`,
          init: {
            method: 'POST',
            headers: trackingHeaders,
            body: JSON.stringify({ ...message, messageId: id, sentAt: sentAt() }),
          },
          check: trackingCheck(1),
        };
      }
      case 'batch': {
        const start = ((client * 7919 + seq) * ctx.batchSize) % ctx.messages.length;
        const batch = Array.from({ length: ctx.batchSize }, (_, i) => ({
          ...ctx.messages[(start + i) % ctx.messages.length]!,
          messageId: `${id}-${i}`,
        }));
        return {
          url: `${ctx.baseUrl}/v1/batch`,
          init: {
            method: 'POST',
            headers: trackingHeaders,
            body: JSON.stringify({ batch, sentAt: sentAt() }),
          },
          check: trackingCheck(ctx.batchSize),
        };
      }
      case 'inbox': {
        const r = nextRep();
        return {
          url: `${ctx.baseUrl}/api/v1/inbox`,
          init: { headers: { cookie: r.cookie } },
          check: (status, text) => {
            if (status !== 200) return `${status}: ${text.slice(0, 300)}`;
            // Attempts move no stage, so a rep's inbox holds the same leads throughout.
            const n = (JSON.parse(text) as { items: unknown[] }).items.length;
            return n === r.leadIds.length
              ? null
              : `${r.email}'s inbox holds ${n} leads, ${r.leadIds.length} expected`;
          },
        };
      }
      case 'attempt': {
        const r = nextRep();
        const contactId = r.leadIds[lead++ % r.leadIds.length]!;
        return {
          url: `${ctx.baseUrl}/api/v1/contacts/${contactId}/attempts`,
          init: {
            method: 'POST',
            headers: {
              cookie: r.cookie,
              'x-csrf-token': r.csrfToken,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ channel: 'call', outcome: 'no_answer' }),
          },
          check: (status, text, stats) => {
            if (status < 200 || status > 299) return `${status}: ${text.slice(0, 300)}`;
            stats.attemptIds.push((JSON.parse(text) as { id: string }).id);
            return null;
          },
        };
      }
    }
  };
}

export interface ScenarioSpec {
  name: string;
  /** One entry per client: what that client sends. */
  clientKinds: readonly RequestKind[];
  seconds: number;
  /** Unique per scenario and run; no prefix of another's. */
  prefix: string;
}

export async function runScenario(ctx: LoadContext, spec: ScenarioSpec): Promise<ScenarioRun> {
  const make = requestMaker(ctx, spec.prefix);
  const byKind: Partial<Record<RequestKind, KindStats>> = {};
  for (const kind of spec.clientKinds) byKind[kind] ??= emptyStats();
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;
  const client = async (kind: RequestKind, n: number) => {
    const stats = byKind[kind]!;
    for (let seq = 0; performance.now() < deadline; seq++) {
      const request = make(kind, n, seq);
      const sent = performance.now();
      let problem: string | null;
      try {
        const response = await fetch(request.url, request.init);
        const text = await response.text();
        stats.latenciesMs.push(performance.now() - sent);
        problem = request.check(response.status, text, stats);
      } catch (error) {
        problem = `request failed: ${(error as Error).message}`;
      }
      stats.requests++;
      if (problem !== null) {
        stats.errors++;
        if (stats.errorSamples.length < 3) stats.errorSamples.push(problem);
      }
    }
  };
  await Promise.all(spec.clientKinds.map((kind, n) => client(kind, n)));
  return {
    name: spec.name,
    prefix: spec.prefix,
    wallMs: performance.now() - started,
    clients: spec.clientKinds.length,
    byKind,
  };
}
