import type { Cluster, Credential } from './mixed-load-workspace.js';

/*
 * The load of test/reliability/mixed-load.test.ts: tracking clients, reps on
 * their inbox and report readers, each a loop sending one request at a time to
 * a process picked at random, until told to stop. What was acknowledged goes
 * into the Ledger, which the checks compare with the database afterwards.
 */

/** mulberry32: a small seeded generator, so a run's choices can be replayed. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LedgerMove {
  contactId: string;
  actorId: string;
  to: string;
}

/** Two identical stage moves sent at once to two processes: exactly one may win. */
export interface Race {
  action: string;
  /** Both answers' statuses, ascending. */
  statuses: number[];
  /** The stage the winning move left the lead in; null when neither won. */
  wonTo: string | null;
}

export class Ledger {
  /** messageIds of every batch answered 200. */
  readonly acknowledged = new Set<string>();
  stored = 0;
  duplicates = 0;
  batches = 0;
  retries = 0;
  /** Messages a 200 answer listed as rejected (all sent are valid: must stay empty). */
  readonly rejected: string[] = [];
  /** Acknowledged stage moves by the unique note each request carried. */
  readonly moves = new Map<string, LedgerMove>();
  /** Acknowledged attempts by note. */
  readonly attempts = new Set<string>();
  /** Notes of refused actions: none of them may be stored. */
  readonly refused = new Set<string>();
  readonly races: Race[] = [];
  /** Answers an action outside a race should not get (neither 2xx nor a 409 refusal), with the request. */
  readonly unexpected: string[] = [];
  reads = 0;
}

export interface LoadContext {
  cluster: Cluster;
  ledger: Ledger;
  running: () => boolean;
  rand: () => number;
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

function otherProcess(ctx: LoadContext, p: number): number {
  const n = ctx.cluster.urls.length;
  return (p + 1 + Math.floor(ctx.rand() * (n - 1))) % n;
}

const campaigns = [
  { source: 'google', name: 'brand' },
  { source: 'linkedin', name: 'abm-q4' },
  { source: 'newsletter', name: 'december' },
];

/**
 * One tracking client (a website's snippet). Each batch brings new people
 * (anonymous first, then identifying, most with enough fit and engagement for
 * MQL), fresh activity of people seen before (which qualifies a recycled lead
 * again), a person's second device that later turns out to be them (a merge),
 * or resends an earlier batch to another process, at times to two processes
 * at once.
 *
 * A second device may belong to a person of the same batch (one transaction:
 * both contacts share created_at, the earlier-made id is the smaller) or of
 * an earlier one; when the person is a lead already handed to sales, the
 * lead survives the merge with its stage, owner and clocks (the handoff and
 * clock checks would see it otherwise).
 */
export async function trackingClient(ctx: LoadContext, key: string, client: number) {
  const { cluster, ledger, rand } = ctx;
  const sent: { ids: string[]; batch: Record<string, unknown>[] }[] = [];
  const people: string[] = [];
  /** Second devices (a userId of their own) waiting to be told whose email they are. */
  const devices: { userId: string; of: string }[] = [];
  let seq = 0;
  let person = 0;
  const send = async (p: number, ids: string[], batch: Record<string, unknown>[]) => {
    let a = await cluster.call(p, { key }, 'POST', '/v1/batch', { batch });
    for (let retry = 0; a.status === 503 && retry < 5; retry++) {
      await new Promise((r) => setTimeout(r, 1000));
      a = await cluster.call(p, { key }, 'POST', '/v1/batch', { batch });
    }
    if (a.status !== 200) {
      if (a.status !== 0 && a.status < 500) ledger.unexpected.push(`batch → ${a.status}`);
      return;
    }
    const r = a.body as { stored: number; duplicates: number; rejected: unknown[] };
    ledger.batches++;
    ledger.stored += r.stored;
    ledger.duplicates += r.duplicates;
    for (const x of r.rejected) ledger.rejected.push(JSON.stringify(x));
    for (const id of ids) ledger.acknowledged.add(id);
  };
  while (ctx.running()) {
    const p = Math.floor(rand() * cluster.urls.length);
    const roll = rand();
    if (roll < 0.15 && sent.length > 0) {
      const earlier = pick(rand, sent);
      ledger.retries++;
      await send(p, earlier.ids, earlier.batch);
      continue;
    }
    const messages: Record<string, unknown>[] = [];
    for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
      const context = { campaign: pick(rand, campaigns) };
      const device = rand();
      if (devices.length > 0 && device < 0.05) {
        // The second device's person identifies with the first one's email: two contacts merge.
        const { userId, of } = devices.splice(Math.floor(rand() * devices.length), 1)[0]!;
        messages.push({ type: 'identify', userId, traits: { email: `${of}@buyer${client}.test` } });
        continue;
      }
      if (people.length > 0 && device < 0.1) {
        const of = pick(rand, people);
        const userId = `${of}-d${seq}`;
        devices.push({ userId, of });
        messages.push(
          { type: 'identify', userId, traits: { email: `${userId}@device.test` }, context },
          { type: 'page', userId, properties: { path: '/docs' }, context },
        );
        continue;
      }
      if (people.length > 0 && rand() < 0.3) {
        const userId = pick(rand, people);
        messages.push(
          { type: 'page', userId, properties: { path: '/pricing' }, context },
          { type: 'track', userId, event: 'Form Submitted', properties: { form: 'contact-us' } },
        );
        continue;
      }
      const userId = `ml-${client}-${person++}`;
      const anonymousId = `anon-${userId}`;
      const email = `${userId}@buyer${client}.test`;
      const fits = rand() < 0.8;
      messages.push(
        { type: 'page', anonymousId, properties: { path: '/blog' }, context },
        {
          type: 'identify',
          userId,
          anonymousId,
          traits: fits
            ? { email, title: 'Head of Demand Generation', department: 'marketing' }
            : { email, title: 'Student', department: 'other' },
          context,
        },
        { type: 'track', userId, event: 'Form Submitted', properties: { form: 'demo-request' } },
        { type: 'track', userId, event: 'Form Submitted', properties: { form: 'contact-us' } },
        ...[1, 2, 3].map(() => ({ type: 'page', userId, properties: { path: '/pricing' } })),
      );
      people.push(userId);
    }
    const ids = messages.map(() => `ml-${client}-m${seq++}`);
    const batch = messages.map((m, i) => ({ ...m, messageId: ids[i] }));
    sent.push({ ids, batch });
    if (rand() < 0.1) {
      // The same batch at two processes at once: one stores it, the other counts duplicates.
      ledger.retries++;
      await Promise.all([send(p, ids, batch), send(otherProcess(ctx, p), ids, batch)]);
    } else await send(p, ids, batch);
  }
}

interface InboxItem {
  contact: { id: string; lifecycleStage: string };
}

const recycleReject = ['not_ready', 'no_budget', 'renewed_elsewhere'];
const disqualifyReject = ['student', 'competitor', 'spam'];
const bant = { budget: '40k', authority: 'VP signs', need: 'Leads leak', timeline: 'Q1' };

interface Plan {
  path: string;
  body: Record<string, unknown>;
  kind: 'move' | 'attempt';
}

function planFor(stage: string, rand: () => number): Plan {
  const r = rand();
  const attempt: Plan = {
    path: 'attempts',
    body: { channel: 'call', outcome: pick(rand, ['connected', 'no_answer', 'left_voicemail']) },
    kind: 'attempt',
  };
  const reject = (): Plan => ({
    path: 'reject',
    body: { reasonCode: rand() < 0.7 ? pick(rand, recycleReject) : pick(rand, disqualifyReject) },
    kind: 'move',
  });
  switch (stage) {
    case 'mql':
      return r < 0.6 ? { path: 'accept', body: {}, kind: 'move' } : r < 0.85 ? reject() : attempt;
    case 'sal':
      return r < 0.4
        ? attempt
        : r < 0.75
          ? { path: 'qualify', body: { answers: bant }, kind: 'move' }
          : reject();
    case 'sql':
      return r < 0.6
        ? { path: 'opportunity', body: { amount: 1000 + Math.floor(rand() * 9000) }, kind: 'move' }
        : attempt;
    case 'opportunity':
      if (r < 0.5)
        return { path: 'won', body: { amount: 1000 + Math.floor(rand() * 9000) }, kind: 'move' };
      if (r < 0.7)
        return {
          path: 'lost',
          body: { reasonCode: pick(rand, ['lost_price', 'lost_cancelled']) },
          kind: 'move',
        };
      return attempt;
    default:
      return attempt;
  }
}

let noteSeq = 0;

/**
 * One rep working their inbox: reads it, picks a lead, acts on it by its
 * stage. Now and then the same stage move goes to two processes at once —
 * from the rep twice, or (accepting) from the rep and the manager — so the
 * contact's row lock decides and the loser must be told 409.
 */
export async function repWorker(ctx: LoadContext, rep: Credential, manager: Credential) {
  const { cluster, ledger, rand } = ctx;
  const act = async (
    p: number,
    who: Credential,
    contactId: string,
    plan: Plan,
    racing = false,
  ): Promise<{ status: number; to: string | null }> => {
    const note = `mixed:${noteSeq++}`;
    const a = await cluster.call(p, who, 'POST', `/api/v1/contacts/${contactId}/${plan.path}`, {
      ...plan.body,
      note,
    });
    const actorId = 'memberId' in who ? who.memberId : '';
    if (a.status === 200 && plan.kind === 'move') {
      const to = (a.body as { lifecycleStage: string }).lifecycleStage;
      ledger.moves.set(note, { contactId, actorId, to });
      return { status: a.status, to };
    }
    if (a.status === 201 && plan.kind === 'attempt') ledger.attempts.add(note);
    else {
      ledger.refused.add(note);
      // A race's loser is judged by the race check, which knows what the winner did.
      if (!racing && a.status !== 409 && a.status !== 0 && a.status < 500)
        ledger.unexpected.push(
          `${plan.path} → ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`,
        );
    }
    return { status: a.status, to: null };
  };
  while (ctx.running()) {
    const p = Math.floor(rand() * cluster.urls.length);
    const inbox = await cluster.call(p, rep, 'GET', '/api/v1/inbox');
    const items = inbox.status === 200 ? (inbox.body as { items: InboxItem[] }).items : [];
    if (inbox.status !== 200 && inbox.status !== 0 && inbox.status < 500)
      ledger.unexpected.push(`inbox → ${inbox.status}`);
    if (items.length === 0) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const lead = pick(rand, items).contact;
    const plan = planFor(lead.lifecycleStage, rand);
    if (plan.kind === 'move' && rand() < 0.25) {
      const second = plan.path === 'accept' && rand() < 0.5 ? manager : rep;
      const answers = await Promise.all([
        act(p, rep, lead.id, plan, true),
        act(otherProcess(ctx, p), second, lead.id, plan, true),
      ]);
      ledger.races.push({
        action: plan.path,
        statuses: answers.map((a) => a.status).sort((x, y) => x - y),
        wonTo: answers.find((a) => a.to !== null)?.to ?? null,
      });
    } else await act(p, rep, lead.id, plan);
  }
}

const month = new Date().toISOString().slice(0, 7);
const managerReads = [
  '/api/v1/reports/funnel',
  `/api/v1/reports/funnel?from=${month}&to=${month}&split=source`,
  '/api/v1/reports/velocity',
  '/api/v1/reports/lead-quality',
  '/api/v1/reports/scoring',
  '/api/v1/reports/attribution',
  '/api/v1/reports/summary',
  '/api/v1/reports/source-quality',
  `/api/v1/sla/scorecards?month=${month}`,
  '/api/v1/sla/breaches',
  '/api/v1/notifications',
];

/** A reader of the shared reports (and, as the manager, the SLA views), refreshing one after another. */
export async function reportReader(ctx: LoadContext, who: Credential, asManager: boolean) {
  const { cluster, ledger, rand } = ctx;
  const paths = asManager ? managerReads : managerReads.filter((x) => !x.includes('breaches'));
  while (ctx.running()) {
    const path = pick(rand, paths);
    const a = await cluster.call(Math.floor(rand() * cluster.urls.length), who, 'GET', path);
    ledger.reads++;
    if (a.status !== 200 && a.status !== 0 && a.status < 500)
      ledger.unexpected.push(`GET ${path} → ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 50 + rand() * 150));
  }
}
