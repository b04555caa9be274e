import { defaultReasonCodes } from '../../src/core/definitions.js';
import type { Db } from '../../src/store/db.js';
import { Prng } from './prng.js';
import { progress } from './report.js';
import {
  type Channel,
  channels,
  firstNames,
  lastNames,
  marketerNames,
  personaMix,
  salesTeams,
} from './report-catalog.js';
import { copyInTimeOrder, copyStream, every } from './report-copy.js';
import { loadEvents } from './report-events.js';

/**
 * The reports benchmark's workspace, generated from a seed and loaded with
 * COPY: contacts created over the last 24 months (more of them lately) with
 * first and last touches, personas and credited marketers; stage transitions
 * along the paths the default definitions allow (lead → MQL/PQL/CQL → SAL →
 * SQL → opportunity → customer, rejections and lost deals with their reason
 * codes into recycled or disqualified, recycled leads handed over again, won
 * amounts), sales moves made by the owner, a rep of one of three teams; a
 * score_history row at each handoff (and some before); events spread over
 * the contacts, busier ones for leads that went further. How many contacts
 * are handed over is set so the transitions come to the number asked for.
 * Transitions, scores and events are loaded in time order, as they were
 * written in a live workspace.
 */
export interface ReportDataParams {
  contacts: number;
  events: number;
  transitions: number;
  seed: number;
}

export interface ReportData {
  contacts: number;
  events: number;
  transitions: number;
  scoreHistory: number;
  handed: number;
  won: number;
  members: number;
  teams: number;
  campaigns: number;
  from: string;
  to: string;
  loadMs: number;
  vacuumMs: number;
  /** An owner and a marketer for the filtered summaries (the rep's and the marketer's dashboards). */
  sampleOwner: string;
  sampleMarketer: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SPAN = 730 * DAY;

// Stage codes, in the default definitions' order.
const stages = [
  'subscriber',
  'lead',
  'mql',
  'pql',
  'cql',
  'sal',
  'sql',
  'opportunity',
  'customer',
  'recycled',
  'disqualified',
] as const;
const SUB = 0;
const LEAD = 1;
const MQL = 2;
const PQL = 3;
const CQL = 4;
const SAL = 5;
const SQL = 6;
const OPP = 7;
const CUSTOMER = 8;
const RECYCLED = 9;
const DISQ = 10;

function lognormal(prng: Prng, median: number, sigma: number): number {
  const u = 1 - prng.next();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * prng.next());
  return median * Math.exp(sigma * z);
}

function weighted<T extends { weight: number }>(prng: Prng, items: readonly T[]): number {
  const total = items.reduce((s, x) => s + x.weight, 0);
  let r = prng.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= items[i]!.weight;
    if (r < 0) return i;
  }
  return items.length - 1;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Source, medium and campaign of touches, interned: contacts and events name them by index. */
class Touches {
  readonly list: { source: string; medium: string; campaign: string | null; marketer: number }[] =
    [];
  private readonly index = new Map<string, number>();

  at(channel: number, campaignPick: number, ms: number): number {
    const c: Channel = channels[channel]!;
    const base = c.campaigns[campaignPick % c.campaigns.length]!;
    const d = new Date(ms);
    const y = d.getUTCFullYear();
    const campaign =
      base === ''
        ? null
        : c.period === 'quarter'
          ? `${base}-${y}-q${Math.floor(d.getUTCMonth() / 3) + 1}`
          : c.period === 'month'
            ? `${base}-${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
            : base;
    const key = `${channel}|${campaign}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push({ source: c.source, medium: c.medium, campaign, marketer: c.marketer });
      this.index.set(key, i);
    }
    return i;
  }
}

interface Draw {
  created: number;
  quality: number;
  subscriber: boolean;
  persona: number;
  firstChannel: number;
}

function drawContact(prng: Prng, now: number): Draw {
  const created = now - HOUR - SPAN * (1 - prng.next() ** 0.75);
  const firstChannel = weighted(prng, channels);
  const persona = weighted(prng, personaMix);
  const quality = Math.min(
    1,
    Math.max(
      0,
      0.5 * channels[firstChannel]!.quality + personaMix[persona]!.quality + 0.45 * prng.next(),
    ),
  );
  return { created, quality, subscriber: prng.chance(0.2), persona, firstChannel };
}

type Emit = (from: number, to: number, at: number, reason: number, amount: number) => void;

const reasonsOf = (kind: 'reject' | 'lost', outcome: 'recycled' | 'disqualified') =>
  defaultReasonCodes.flatMap((r, i) => (r.kind === kind && r.outcome === outcome ? [i] : []));
const reasonPools = {
  reject: {
    recycled: reasonsOf('reject', 'recycled'),
    disqualified: reasonsOf('reject', 'disqualified'),
  },
  lost: {
    recycled: reasonsOf('lost', 'recycled'),
    disqualified: reasonsOf('lost', 'disqualified'),
  },
};

/**
 * One contact's moves from its creation stage, each only if it happened before
 * `now`. A handed contact goes to a route stage and on through the funnel; each
 * step may fail with a reason code (reject before SQL, lost after).
 */
function planPath(prng: Prng, d: Draw, handed: boolean, now: number, emit: Emit): void {
  const q = d.quality;
  let stage = d.subscriber ? SUB : LEAD;
  let at = d.created;
  const move = (to: number, after: number, reason = -1, amount = 0): boolean => {
    if (at + after >= now) return false;
    at += after;
    emit(stage, to, at, reason, amount);
    stage = to;
    return true;
  };
  const fail = (kind: 'reject' | 'lost', after: number): boolean => {
    const disqualify = prng.chance(kind === 'reject' ? 0.55 - 0.4 * q : 0.2);
    const pool = reasonPools[kind][disqualify ? 'disqualified' : 'recycled'];
    return move(disqualify ? DISQ : RECYCLED, after, pool[prng.int(pool.length)]!);
  };
  if (!handed) {
    if (d.subscriber && prng.chance(0.4)) move(LEAD, lognormal(prng, 20, 1) * DAY);
    return;
  }
  if (d.subscriber && prng.chance(0.5) && !move(LEAD, lognormal(prng, 20, 1) * DAY)) return;
  for (let round = 0; ; round++) {
    const r = prng.next();
    const route = round > 0 || r < 0.7 ? MQL : r < 0.9 ? PQL : CQL;
    const wait = round === 0 ? lognormal(prng, 12, 1) * DAY : lognormal(prng, 60, 0.5) * DAY;
    if (!move(route, wait)) return;
    const acceptIn = lognormal(prng, 8, 1.2) * HOUR;
    if (!prng.chance(0.45 + 0.4 * q)) {
      if (!fail('reject', acceptIn) || stage === DISQ || round >= 2 || !prng.chance(0.25)) break;
      continue;
    }
    if (!move(SAL, acceptIn)) return;
    const salStay = lognormal(prng, 3, 0.8) * DAY;
    if (!prng.chance(0.4 + 0.4 * q)) {
      if (!fail('reject', salStay) || stage === DISQ || round >= 2 || !prng.chance(0.25)) break;
      continue;
    }
    if (!move(SQL, salStay)) return;
    const sqlStay = lognormal(prng, 9, 0.7) * DAY;
    if (!prng.chance(0.7 + 0.2 * q)) {
      if (!fail('lost', sqlStay) || stage === DISQ || round >= 2 || !prng.chance(0.25)) break;
      continue;
    }
    if (!move(OPP, sqlStay)) return;
    const oppStay = lognormal(prng, 35, 0.6) * DAY;
    if (prng.chance(0.2 + 0.4 * q)) {
      const amount = Math.round((lognormal(prng, 24_000, 0.8) * (1 + q) * 0.75) / 100) * 100;
      move(CUSTOMER, oppStay, -1, amount);
      return;
    }
    if (!fail('lost', oppStay) || stage === DISQ || round >= 2 || !prng.chance(0.25)) break;
  }
  if (stage === DISQ && prng.chance(0.03)) move(LEAD, lognormal(prng, 90, 0.5) * DAY);
}

/**
 * The handoff chance per unit of quality that makes the expected transitions
 * per contact `ratio`: both outcomes of a sample are planned once, then the
 * mix is found by bisection (the expectation rises with the chance).
 */
function calibrateHandoff(seed: number, now: number, ratio: number): number {
  const prng = new Prng(seed ^ 0x5bd1e995);
  const sample: { q: number; t0: number; t1: number }[] = [];
  for (let i = 0; i < 20_000; i++) {
    const d = drawContact(prng, now);
    let t0 = 0;
    let t1 = 0;
    planPath(prng, d, false, now, () => t0++);
    planPath(prng, d, true, now, () => t1++);
    sample.push({ q: d.quality, t0, t1 });
  }
  const expected = (base: number) =>
    sample.reduce((s, x) => s + x.t0 + Math.min(1, base * (0.5 + x.q)) * (x.t1 - x.t0), 0) /
    sample.length;
  let lo = 0;
  let hi = 2;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < ratio) lo = mid;
    else hi = mid;
  }
  return hi;
}

async function seedMembers(db: Db) {
  const team = async (name: string, side: 'sales' | 'marketing') =>
    (
      await db.query<{ id: string }>(
        'INSERT INTO teams (name, side) VALUES ($1, $2) RETURNING id',
        [name, side],
      )
    ).rows[0]!.id;
  const member = async (email: string, name: string, role: string, teamId: string | null) =>
    (
      await db.query<{ id: string }>(
        'INSERT INTO members (email, name, role, team_id) VALUES ($1, $2, $3, $4) RETURNING id',
        [email, name, role, teamId],
      )
    ).rows[0]!.id;
  const reps: string[][] = [];
  for (const [t, spec] of salesTeams.entries()) {
    const id = await team(spec.name, 'sales');
    await member(`manager-${t}@bench.example`, `${spec.name} manager`, 'sales_manager', id);
    const ids: string[] = [];
    for (let i = 0; i < spec.reps; i++)
      ids.push(
        await member(`rep-${t}-${i}@bench.example`, `${spec.name} rep ${i}`, 'sales_rep', id),
      );
    reps.push(ids);
  }
  // A rep between teams: the reports show their leads under team "(none)".
  reps[0]!.push(await member('rep-floating@bench.example', 'Floating rep', 'sales_rep', null));
  const marketingTeam = await team('Demand Gen', 'marketing');
  const marketers: string[] = [];
  for (const [i, name] of marketerNames.entries())
    marketers.push(await member(`marketer-${i}@bench.example`, name, 'marketing', marketingTeam));
  await member('admin@bench.example', 'Bench admin', 'admin', null);
  const members = reps.flat().length + salesTeams.length + marketers.length + 1;
  return { reps, marketers, members, teams: salesTeams.length + 1 };
}

/** Loads the workspace (already migrated) and leaves it vacuumed and analyzed. */
export async function loadReportData(db: Db, p: ReportDataParams, now: Date): Promise<ReportData> {
  const started = performance.now();
  const end = now.getTime();
  const prng = new Prng(p.seed);
  const { reps, marketers, members, teams } = await seedMembers(db);
  const { rows: model } = await db.query<{ id: string }>(
    "SELECT id FROM scoring_models WHERE status = 'active'",
  );
  const modelId = model[0]!.id;
  const { rows: version } = await db.query<{ version: number }>(
    "SELECT version FROM stage_definition_versions WHERE status = 'active'",
  );
  const definitionsVersion = String(version[0]!.version);
  // Aimed 1% over, so the budget, not chance, decides the count: the last
  // contacts' paths are cut short (a prefix of a valid path is valid).
  const handoffBase = calibrateHandoff(p.seed, end, (1.01 * p.transitions) / p.contacts);

  const n = p.contacts;
  const contactIds: string[] = new Array(n);
  const created = new Float64Array(n);
  const activityEnd = new Float64Array(n);
  const lastTouchAt = new Float64Array(n);
  const firstTouch = new Int32Array(n);
  const lastTouch = new Int32Array(n);
  const weight = new Uint8Array(n);
  const touches = new Touches();
  const tr = {
    contact: [] as number[],
    from: [] as number[],
    to: [] as number[],
    at: [] as number[],
    reason: [] as number[],
    amount: [] as number[],
    owner: [] as number[],
  };
  const scores = { contact: [] as number[], at: [] as number[], total: [] as number[] };
  const repList = reps.flat();
  let handedCount = 0;
  let wonCount = 0;
  let budget = p.transitions;

  const contactStream = copyStream(db, 'contacts', [
    'id',
    'email',
    'first_name',
    'last_name',
    'title',
    'owner_id',
    'lifecycle_stage',
    'persona_key',
    'marketer_id',
    'first_touch_source',
    'first_touch_medium',
    'first_touch_campaign',
    'first_touch_at',
    'last_touch_source',
    'last_touch_medium',
    'last_touch_campaign',
    'last_touch_at',
    'created_at',
    'updated_at',
  ]);
  const contactProgress = every(n, 'contacts');
  for (let i = 0; i < n; i++) {
    const id = prng.uuid();
    contactIds[i] = id;
    const d = drawContact(prng, end);
    created[i] = d.created;
    const handed = budget > 0 && prng.chance(Math.min(1, handoffBase * (0.5 + d.quality)));
    // The rep a handed lead goes to: a team and one of its reps, at random.
    const team = prng.int(reps.length);
    const owner = reps[team]![prng.int(reps[team]!.length)]!;
    const ownerIndex = repList.indexOf(owner);
    const first = tr.contact.length;
    planPath(prng, d, handed, end, (from, to, at, reason, amount) => {
      if (budget <= 0) return;
      budget--;
      tr.contact.push(i);
      tr.from.push(from);
      tr.to.push(to);
      tr.at.push(at);
      tr.reason.push(reason);
      tr.amount.push(amount);
      tr.owner.push(to >= SAL || reason >= 0 ? ownerIndex : -1);
    });
    // A path cut by the budget ends where its last written move went.
    const moves = tr.contact.length - first;
    const stageNow = moves > 0 ? tr.to[tr.contact.length - 1]! : d.subscriber ? SUB : LEAD;
    let handoff = Number.NaN;
    let won = false;
    for (let k = first; k < tr.to.length; k++) {
      const to = tr.to[k]!;
      if (Number.isNaN(handoff) && to >= MQL && to <= CQL) handoff = tr.at[k]!;
      if (to === CUSTOMER) won = true;
    }
    const wasHanded = !Number.isNaN(handoff);
    const lastAt = moves > 0 ? tr.at[tr.contact.length - 1]! : d.created;
    if (wasHanded) {
      handedCount++;
      // Scoring saw them before the handoff; one in ten was handed with no score yet.
      if (prng.chance(0.9)) {
        const total = Math.max(0, 35 + 70 * d.quality + 20 * (prng.next() - 0.5));
        if (prng.chance(0.4)) {
          scores.contact.push(i);
          scores.at.push(handoff - lognormal(prng, 10, 0.8) * DAY);
          scores.total.push(total * 0.6);
        }
        scores.contact.push(i);
        scores.at.push(handoff - prng.next() * HOUR);
        scores.total.push(total);
      }
    }
    if (won) wonCount++;
    const campaignPick = prng.int(6);
    firstTouch[i] = touches.at(d.firstChannel, campaignPick, d.created);
    const horizon = Math.max(lastAt, Math.min(end, d.created + 60 * DAY));
    lastTouchAt[i] = prng.chance(0.45)
      ? d.created
      : d.created + prng.next() * (horizon - d.created);
    lastTouch[i] =
      lastTouchAt[i] === d.created
        ? firstTouch[i]!
        : touches.at(weighted(prng, channels), prng.int(6), lastTouchAt[i]!);
    activityEnd[i] = Math.min(end - 1000, Math.max(lastAt, d.created) + 45 * DAY);
    weight[i] = 1 + (wasHanded ? 2 : 0) + (won ? 2 : 0);
    const persona = personaMix[d.persona]!;
    const ft = touches.list[firstTouch[i]!]!;
    const lt = touches.list[lastTouch[i]!]!;
    const firstName = prng.pick(firstNames);
    const lastName = prng.pick(lastNames);
    await contactStream.push([
      id,
      `${firstName}.${lastName}.${i}@company-${i % 97_001}.example`.toLowerCase(),
      firstName,
      lastName,
      prng.pick(persona.titles),
      wasHanded ? owner : null,
      stages[stageNow]!,
      persona.key,
      ft.marketer >= 0 ? marketers[ft.marketer]! : null,
      ft.source,
      ft.medium,
      ft.campaign,
      iso(d.created),
      lt.source,
      lt.medium,
      lt.campaign,
      iso(lastTouchAt[i]!),
      iso(d.created),
      iso(Math.max(lastAt, lastTouchAt[i]!)),
    ]);
    contactProgress(i + 1);
  }
  const contacts = await contactStream.end();

  const transitions = await copyInTimeOrder(
    db,
    'stage_transitions',
    [
      'id',
      'contact_id',
      'from_stage',
      'to_stage',
      'actor_kind',
      'actor_id',
      'reason',
      'reason_code',
      'amount',
      'definitions_version',
      'occurred_at',
    ],
    tr.at,
    (k) => {
      const reason = tr.reason[k]!;
      const ownerIndex = tr.owner[k]!;
      return [
        prng.uuid(),
        contactIds[tr.contact[k]!]!,
        stages[tr.from[k]!]!,
        stages[tr.to[k]!]!,
        ownerIndex >= 0 ? 'member' : 'system',
        ownerIndex >= 0 ? repList[ownerIndex]! : null,
        reason >= 0 ? defaultReasonCodes[reason]!.label : null,
        reason >= 0 ? defaultReasonCodes[reason]!.key : null,
        tr.amount[k]! > 0 ? String(tr.amount[k]) : null,
        definitionsVersion,
        iso(tr.at[k]!),
      ];
    },
  );

  const scoreHistory = await copyInTimeOrder(
    db,
    'score_history',
    ['contact_id', 'model_id', 'fit', 'engagement', 'total', 'band', 'cause', 'occurred_at'],
    scores.at,
    (k) => {
      const total = scores.total[k]!;
      const fit = Math.min(total, 10 + (k % 30));
      return [
        contactIds[scores.contact[k]!]!,
        modelId,
        fit.toFixed(4),
        (total - fit).toFixed(4),
        total.toFixed(4),
        total >= 90 ? 'hot' : total >= 55 ? 'warm' : 'cold',
        'activity',
        iso(scores.at[k]!),
      ];
    },
  );

  const events = await loadEvents(db, prng, p.events, {
    contactIds,
    created,
    activityEnd,
    lastTouchAt,
    firstTouch,
    lastTouch,
    weight,
    touches: touches.list,
  });

  const loadMs = performance.now() - started;
  progress('  VACUUM ANALYZE');
  const vacuumStarted = performance.now();
  await db.exec('VACUUM ANALYZE');
  return {
    contacts,
    events,
    transitions,
    scoreHistory,
    handed: handedCount,
    won: wonCount,
    members,
    teams,
    campaigns: touches.list.length,
    from: iso(end - SPAN),
    to: iso(end),
    loadMs,
    vacuumMs: performance.now() - vacuumStarted,
    sampleOwner: repList[0]!,
    sampleMarketer: marketers[0]!,
  };
}
