import { defaultScoringModel } from '../../src/core/scoring/default-model.js';
import { rulesMatching } from '../../src/core/scoring/rules.js';
import type { CopyRow } from '../../src/store/copy-text.js';
import type { Db } from '../../src/store/db.js';
// The columns ingest's COPY writes: the loaded events are rows ingest could have stored.
import { eventColumns } from '../../src/store/events.js';
import { Prng } from './prng.js';
import { progress } from './report.js';
import {
  activities,
  competitorDomains,
  countries,
  firstNames,
  industries,
  intentLevels,
  lastNames,
  personalDomains,
  pickActivity,
  roles,
} from './scoring-catalog.js';

/**
 * The scoring benchmark's workspace: accounts, contacts, stage transitions and
 * `eventsPerContact` events per contact over the last 90 days, generated from
 * a seed and loaded with COPY in chunks. Events are loaded in time order, as
 * ingest would have stored them over those 90 days, so one contact's events
 * are spread over the table rather than side by side (the rescore and the
 * backtest read them by contact, and that layout is what they pay for).
 */
export interface DataParams {
  contacts: number;
  eventsPerContact: number;
  seed: number;
  /** How many contacts to hand back for the ingest phase (spread evenly over all of them). */
  sample: number;
}

export interface SampleContact {
  email: string;
}

export interface LoadedData {
  now: Date;
  accounts: number;
  contacts: number;
  events: number;
  /** Events at least one engagement or negative rule of the default model matches. */
  eventsMatchedByDefaultModel: number;
  transitions: number;
  salesReps: number;
  sample: SampleContact[];
  loadMs: number;
  /** VACUUM ANALYZE after the load: the state autovacuum keeps a live database in. */
  vacuumMs: number;
}

const day = 86_400_000;
const historyDays = 90;
const copyChunkRows = 50_000;

const stages = ['mql', 'sal', 'sql', 'opportunity', 'customer'] as const;

/** A contacts' events gathered before they are sorted by time (a million people: typed arrays, not objects). */
interface EventPlan {
  contact: Int32Array;
  at: Float64Array;
  activity: Uint8Array;
}

/**
 * COPY in chunks of rows, one transaction each, with the next chunk built
 * while the previous one is being stored.
 */
class CopyStream {
  private rows: CopyRow[] = [];
  private inFlight: Promise<unknown> = Promise.resolve();
  copied = 0;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  async push(row: CopyRow): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= copyChunkRows) await this.send();
  }

  private async send(): Promise<void> {
    await this.inFlight;
    const rows = this.rows;
    this.rows = [];
    this.inFlight = this.db
      .transaction((tx) => tx.copyFrom(this.table, this.columns, rows))
      .then((n) => {
        this.copied += n;
      });
    // Awaited by the next send or end(); until then a failure must not count as unhandled.
    this.inFlight.catch(() => {});
  }

  async end(): Promise<number> {
    if (this.rows.length > 0) await this.send();
    await this.inFlight;
    return this.copied;
  }
}

/** A v7-shaped UUID for an event stored at `ms`: ids rise with time, as ingest's do. */
function eventId(ms: number, prng: Prng): string {
  const time = ms.toString(16).padStart(12, '0');
  const r = (prng.int(2 ** 32) >>> 0).toString(16).padStart(8, '0');
  const s = (prng.int(2 ** 32) >>> 0).toString(16).padStart(8, '0');
  const t = (prng.int(2 ** 32) >>> 0).toString(16).padStart(8, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r.slice(0, 3)}-${'89ab'[prng.int(4)]}${r.slice(3, 6)}-${s}${t.slice(0, 4)}`;
}

function every(total: number, label: string): (done: number) => void {
  let next = 0.1;
  return (done) => {
    if (total > 0 && done / total >= next) {
      progress(`  ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      while (done / total >= next) next += 0.1;
    }
  };
}

async function loadAccounts(db: Db, prng: Prng, count: number, now: number) {
  const ids: string[] = [];
  const domains: string[] = [];
  const stream = new CopyStream(db, 'accounts', [
    'id',
    'domain',
    'name',
    'industry',
    'employees',
    'annual_revenue',
    'country',
    'properties',
    'created_at',
    'updated_at',
  ]);
  const created = new Date(now - (historyDays + 30) * day).toISOString();
  for (let i = 0; i < count; i++) {
    const id = prng.uuid();
    const domain = `company-${i}.example`;
    // Log-uniform from 10 to ~30,000 people: most in the 50–5,000 the default model favours.
    const employees = Math.round(10 ** (1 + 3.5 * prng.next()));
    ids.push(id);
    domains.push(domain);
    await stream.push([
      id,
      domain,
      `Company ${i}`,
      prng.pick(industries),
      String(employees),
      String(employees * 120_000),
      prng.pick(countries),
      '{}',
      created,
      created,
    ]);
  }
  await stream.end();
  return { ids, domains };
}

/**
 * Loads the workspace. `now` is where the 90 days end: the rescore and the
 * backtest run right after, so the decay they compute is that of fresh data.
 */
export async function loadScoringData(db: Db, p: DataParams, now: Date): Promise<LoadedData> {
  const started = performance.now();
  const prng = new Prng(p.seed);
  const end = now.getTime();
  const accountCount = Math.max(1, Math.round(p.contacts / 10));
  progress(`  accounts: ${accountCount.toLocaleString('en-US')}`);
  const accounts = await loadAccounts(db, prng, accountCount, end);

  const salesReps = Math.max(1, Math.ceil(p.contacts / 10_000));
  await db.query(
    `INSERT INTO members (email, name, role)
     SELECT 'rep-' || i || '@bench.example', 'Sales rep ' || i, 'sales_rep' FROM generate_series(1, $1::int) i`,
    [salesReps],
  );

  const perContact = p.eventsPerContact;
  const total = p.contacts * perContact;
  const plan: EventPlan = {
    contact: new Int32Array(total),
    at: new Float64Array(total),
    activity: new Uint8Array(total),
  };
  const contactIds: string[] = new Array(p.contacts);
  const transitions = { contact: [] as number[], stage: [] as number[], at: [] as number[] };
  const sampleEvery = p.sample > 0 ? Math.max(1, Math.floor(p.contacts / p.sample)) : 0;
  const sample: SampleContact[] = [];
  const contacts = new CopyStream(db, 'contacts', [
    'id',
    'email',
    'first_name',
    'last_name',
    'title',
    'account_id',
    'lifecycle_stage',
    'properties',
    'created_at',
    'updated_at',
  ]);
  const contactProgress = every(p.contacts, 'contacts');
  const times = new Float64Array(perContact);
  for (let i = 0; i < p.contacts; i++) {
    const id = prng.uuid();
    contactIds[i] = id;
    // Squared: most people browse, a few are buying.
    const intent = prng.next() ** 2;
    const level = Math.min(intentLevels - 1, Math.floor(intent * intentLevels));
    const firstSeen = end - prng.next() * historyDays * day;
    for (let j = 0; j < perContact; j++) {
      const k = i * perContact + j;
      const at = Math.floor(firstSeen + prng.next() * (end - firstSeen));
      plan.contact[k] = i;
      plan.at[k] = at;
      plan.activity[k] = pickActivity(level, prng.next());
      times[j] = at;
    }
    times.sort();
    const created = times[0]! - prng.int(3_600_000);
    // Marketing hands a lead over after most of what made it one, not before it.
    const handoff = times[Math.floor(0.8 * (perContact - 1))]! + prng.int(3_600_000);
    const stage = planFunnel(prng, intent, i, { created, handoff, end }, transitions);

    const first = prng.pick(firstNames);
    const last = prng.pick(lastNames);
    const role = prng.chance(0.9) ? prng.pick(roles) : null;
    const account = prng.chance(0.92) ? prng.int(accountCount) : -1;
    const kind = prng.next();
    const domain =
      kind < 0.08
        ? prng.pick(personalDomains)
        : kind < 0.085
          ? prng.pick(competitorDomains)
          : account >= 0
            ? accounts.domains[account]!
            : 'example.org';
    const email = `${first}.${last}.${i}@${domain}`.toLowerCase();
    if (sampleEvery > 0 && i % sampleEvery === 0 && sample.length < p.sample)
      sample.push({ email });
    const properties =
      role && prng.chance(0.75)
        ? JSON.stringify({ seniority: role.seniority, department: role.department })
        : '{}';
    const createdIso = new Date(created).toISOString();
    await contacts.push([
      id,
      email,
      first,
      last,
      role?.title ?? null,
      account >= 0 ? accounts.ids[account]! : null,
      stage,
      properties,
      createdIso,
      createdIso,
    ]);
    contactProgress(i + 1);
  }
  await contacts.end();

  progress(`  stage transitions: ${transitions.contact.length.toLocaleString('en-US')}`);
  const transitionStream = new CopyStream(db, 'stage_transitions', [
    'id',
    'contact_id',
    'from_stage',
    'to_stage',
    'actor_kind',
    'occurred_at',
  ]);
  for (let t = 0; t < transitions.contact.length; t++) {
    const contact = transitions.contact[t]!;
    // A contact's steps are consecutive: the one before is where it came from.
    const from = t > 0 && transitions.contact[t - 1] === contact ? transitions.stage[t - 1]! : null;
    await transitionStream.push([
      prng.uuid(),
      contactIds[contact]!,
      from === null ? null : funnelStage(from),
      funnelStage(transitions.stage[t]!),
      'system',
      new Date(transitions.at[t]!).toISOString(),
    ]);
  }
  const transitionCount = await transitionStream.end();

  const events = await loadEvents(db, prng, plan, contactIds, end);
  // Checks the catalog against the model it is meant for: most events score, some do not.
  const matched = activities.map(
    (a) =>
      rulesMatching(defaultScoringModel, {
        id: '',
        type: a.type,
        name: a.name,
        properties: a.properties,
        occurredAt: now,
      }).length > 0,
  );
  let eventsMatchedByDefaultModel = 0;
  for (let k = 0; k < plan.activity.length; k++)
    if (matched[plan.activity[k]!]) eventsMatchedByDefaultModel++;
  const loadMs = performance.now() - started;
  const vacuumStarted = performance.now();
  progress('  VACUUM ANALYZE');
  await db.exec('VACUUM ANALYZE');
  return {
    now,
    accounts: accountCount,
    contacts: p.contacts,
    events,
    eventsMatchedByDefaultModel,
    transitions: transitionCount,
    salesReps,
    sample,
    loadMs,
    vacuumMs: performance.now() - vacuumStarted,
  };
}

/*
 * Funnel steps are coded 0 = lead, 1..5 = stages[0..4], and the exits -1 =
 * recycled (marketing takes the MQL back) and -2 = disqualified (sales rejects it).
 */
function funnelStage(code: number): string {
  if (code === 0) return 'lead';
  if (code === -1) return 'recycled';
  if (code === -2) return 'disqualified';
  return stages[code - 1]!;
}

/**
 * Who gets how far: the chance of each step rises with intent, the same intent
 * that tilts a person's events towards buying signals. Returns the stage the
 * contact is in now.
 */
function planFunnel(
  prng: Prng,
  intent: number,
  contact: number,
  { created, handoff, end }: { created: number; handoff: number; end: number },
  out: { contact: number[]; stage: number[]; at: number[] },
): string {
  const add = (stage: number, at: number) => {
    out.contact.push(contact);
    out.stage.push(stage);
    out.at.push(at);
  };
  add(0, created);
  if (!prng.chance(0.03 + 0.5 * intent)) return 'lead';
  if (handoff >= end) return 'lead';
  let at = handoff;
  add(1, at);
  const odds = [0.75, 0.25 + 0.5 * intent, 0.8, 0.25 + 0.3 * intent];
  for (let step = 0; step < odds.length; step++) {
    const next = at + (1 + prng.next() * 9) * day;
    if (next >= end) return stages[step]!;
    at = next;
    if (!prng.chance(odds[step]!)) {
      // MQLs marketing takes back are recycled; later rejections are disqualified.
      const exit = step === 0 ? -1 : -2;
      add(exit, at);
      return exit === -1 ? 'recycled' : 'disqualified';
    }
    add(step + 2, at);
  }
  return 'customer';
}

/** Events in time order (a counting sort by hour), COPYed in chunks as ingest's rows. */
async function loadEvents(
  db: Db,
  prng: Prng,
  plan: EventPlan,
  contactIds: readonly string[],
  end: number,
): Promise<number> {
  const total = plan.at.length;
  const hour = 3_600_000;
  const start = end - historyDays * day - hour;
  const buckets = Math.ceil((end - start) / hour) + 1;
  const counts = new Int32Array(buckets + 1);
  for (let k = 0; k < total; k++) counts[Math.floor((plan.at[k]! - start) / hour) + 1]!++;
  for (let b = 1; b <= buckets; b++) counts[b]! += counts[b - 1]!;
  const order = new Int32Array(total);
  for (let k = 0; k < total; k++) order[counts[Math.floor((plan.at[k]! - start) / hour)]!++] = k;

  const properties = activities.map((a) => JSON.stringify(a.properties));
  const contexts = ['203.0.113.7', '198.51.100.23', '192.0.2.141'].map((ip) =>
    JSON.stringify({ library: { name: 'analytics.js', version: '5.2.0' }, ip, locale: 'en-US' }),
  );
  const stream = new CopyStream(db, 'events', eventColumns);
  const report = every(total, 'events');
  for (let n = 0; n < total; n++) {
    const k = order[n]!;
    const at = plan.at[k]!;
    const activity = activities[plan.activity[k]!]!;
    await stream.push([
      eventId(at, prng),
      contactIds[plan.contact[k]!]!,
      null,
      activity.type,
      activity.name,
      properties[plan.activity[k]!]!,
      contexts[n % contexts.length]!,
      'bench',
      `bench-${String(n).padStart(10, '0')}`,
      new Date(at).toISOString(),
      new Date(at + 1000).toISOString(),
      null,
      null,
      null,
    ]);
    report(n + 1);
  }
  return stream.end();
}
