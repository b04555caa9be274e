import type { Db } from '../../src/store/db.js';

/**
 * The reports of issue 7 recomputed plainly from the raw tables — contacts,
 * stage_transitions, score_history, members, teams, the definitions and the
 * SLA contract — with the rules written out again from the contract, not
 * imported from the code under test (no rollup table is read here). The
 * recompute test compares every report with what this derives.
 */

/** The default definitions (the test asserts the workspace's are these). */
export const stageTable: Record<string, { position: number; kind: 'funnel' | 'route' | 'exit' }> = {
  subscriber: { position: 10, kind: 'funnel' },
  lead: { position: 20, kind: 'funnel' },
  mql: { position: 30, kind: 'route' },
  pql: { position: 31, kind: 'route' },
  cql: { position: 32, kind: 'route' },
  sal: { position: 40, kind: 'funnel' },
  sql: { position: 50, kind: 'funnel' },
  opportunity: { position: 60, kind: 'funnel' },
  customer: { position: 70, kind: 'funnel' },
  recycled: { position: 80, kind: 'exit' },
  disqualified: { position: 90, kind: 'exit' },
};
/** The funnel's steps in the order the report lists them. */
export const funnelOrder = [
  'subscriber',
  'lead',
  'mql',
  'pql',
  'cql',
  'qualified',
  'sal',
  'sql',
  'opportunity',
  'customer',
  'recycled',
  'disqualified',
];
export const mainPath = new Set([
  'subscriber',
  'lead',
  'qualified',
  'sal',
  'sql',
  'opportunity',
  'customer',
]);
export const velocityOrder = funnelOrder.filter(
  (s) => s !== 'qualified' && stageTable[s]!.kind !== 'exit',
);
const lastRoutePosition = 32;

const pos = (stage: string) => stageTable[stage]?.position ?? Number.POSITIVE_INFINITY;
const kind = (stage: string) => stageTable[stage]?.kind;
const funnelAtLeast = (stage: string, from: string) =>
  kind(stage) === 'funnel' && pos(stage) >= pos(from);

export const monthOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 7);

interface RawContact {
  id: string;
  created: Date;
  created_us: string;
  lifecycle_stage: string;
  owner_id: string | null;
  marketer_id: string | null;
  persona_key: string | null;
  first_touch_source: string | null;
  first_touch_campaign: string | null;
  last_touch_source: string | null;
  last_touch_campaign: string | null;
}

interface RawTransition {
  contact_id: string;
  from_stage: string | null;
  to_stage: string;
  reason_code: string | null;
  amount: number | null;
  at: Date;
  /** Microseconds since the epoch, for comparing with score_history exactly. */
  at_us: string;
}

interface RawScore {
  contact_id: string;
  total: number;
  band: string;
  at_us: string;
}

export interface Handoff {
  month: string;
  accepted: boolean;
  rejected: boolean;
  sql: boolean;
  won: boolean;
  lost: boolean;
  cents: number;
  rejectReason: string | null;
  lostReason: string | null;
  /** '' without a score by the handoff. */
  band: string;
  /** -1 without a score. */
  bucket: number;
  score: number;
}

export interface Derived {
  id: string;
  cohort: string;
  source: string;
  campaign: string;
  lastSource: string;
  lastCampaign: string;
  persona: string;
  team: string;
  owner: string;
  marketer: string;
  reached: Set<string>;
  stays: { stage: string; seconds: number }[];
  handoff: Handoff | null;
  wins: { month: string; cents: number }[];
  entries: { month: string; stage: string; cents: number }[];
}

export interface RawWorkspace {
  contacts: Derived[];
  teamNames: Map<string, string>;
  memberNames: Map<string, string>;
  personaNames: Map<string, string>;
  reasonLabels: Map<string, string>;
  reasonKinds: Map<string, 'reject' | 'lost'>;
  activeStages: { key: string; position: number; kind: string }[];
  definitionsVersion: number;
  /** The SLA contract in force's per-rep quota times the active reps; null without one. */
  slaQuota: number | null;
}

const cents = (amount: number | null) => (amount === null ? 0 : Math.round(amount * 100));

export async function loadRawWorkspace(db: Db): Promise<RawWorkspace> {
  const contacts = (
    await db.query<RawContact>(
      `SELECT id::text, created_at AS created, ((extract(epoch FROM created_at) * 1000000)::bigint)::text AS created_us,
              lifecycle_stage, owner_id::text, marketer_id::text,
              persona_key, first_touch_source, first_touch_campaign, last_touch_source, last_touch_campaign
       FROM contacts`,
    )
  ).rows;
  const transitions = (
    await db.query<RawTransition>(
      `SELECT contact_id::text, from_stage, to_stage, reason_code, amount, occurred_at AS at,
              ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text AS at_us
       FROM stage_transitions ORDER BY contact_id, occurred_at, seq`,
    )
  ).rows;
  const scores = (
    await db.query<RawScore>(
      `SELECT contact_id::text, total, band, ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text AS at_us
       FROM score_history ORDER BY contact_id, occurred_at, id`,
    )
  ).rows;
  const members = (
    await db.query<{
      id: string;
      name: string;
      team_id: string | null;
      role: string;
      active: boolean;
    }>('SELECT id::text, name, team_id::text, role, active FROM members')
  ).rows;
  const teams = (await db.query<{ id: string; name: string }>('SELECT id::text, name FROM teams'))
    .rows;
  const version = (
    await db.query<{
      version: number;
      personas: { key: string; name: string }[];
      reason_codes: { key: string; label: string; kind: 'reject' | 'lost' }[];
    }>(
      "SELECT version, personas, reason_codes FROM stage_definition_versions WHERE status = 'active'",
    )
  ).rows[0]!;
  const activeStages = (
    await db.query<{ key: string; position: number; kind: string }>(
      `SELECT d.key, d.position, d.kind FROM stage_definitions d
       JOIN stage_definition_versions v ON v.id = d.version_id AND v.status = 'active' ORDER BY d.position`,
    )
  ).rows;
  const contract = (
    await db.query<{ document: { marketing?: { mqls_per_rep?: { perMonth: number } } } }>(
      "SELECT document FROM sla_contracts WHERE status = 'active'",
    )
  ).rows[0];
  const perRep = contract?.document.marketing?.mqls_per_rep?.perMonth;
  const activeReps = members.filter((m) => m.role === 'sales_rep' && m.active).length;

  const teamOf = new Map(members.map((m) => [m.id, m.team_id]));
  const kinds = new Map(version.reason_codes.map((r) => [r.key, r.kind]));
  const byContact = new Map<string, RawTransition[]>();
  for (const t of transitions) {
    const list = byContact.get(t.contact_id) ?? [];
    list.push(t);
    byContact.set(t.contact_id, list);
  }
  const scoresOf = new Map<string, RawScore[]>();
  for (const s of scores) {
    const list = scoresOf.get(s.contact_id) ?? [];
    list.push(s);
    scoresOf.set(s.contact_id, list);
  }

  const derived = contacts.map((c): Derived => {
    const ts = byContact.get(c.id) ?? [];
    // The stages in the order entered: the creation stage at created_at, then every transition.
    const path: { stage: string; at: Date; t: RawTransition | null }[] = [];
    const creation = ts.length === 0 ? c.lifecycle_stage : ts[0]!.from_stage;
    if (creation !== null) path.push({ stage: creation, at: c.created, t: null });
    for (const t of ts) path.push({ stage: t.to_stage, at: t.at, t });

    const entered = new Set(path.map((e) => e.stage));
    const furthest = Math.max(
      Number.NEGATIVE_INFINITY,
      ...[...entered].filter((s) => kind(s) === 'funnel' || kind(s) === 'route').map(pos),
    );
    const reached = new Set<string>();
    for (const s of Object.keys(stageTable))
      if (entered.has(s) || (kind(s) === 'funnel' && pos(s) < furthest)) reached.add(s);
    const qualifies = (s: string) =>
      kind(s) === 'route' || (kind(s) === 'funnel' && pos(s) > lastRoutePosition);
    const qualifiedEntry = path.find((e) => qualifies(e.stage));
    if (qualifiedEntry) reached.add('qualified');

    const stays: Derived['stays'] = [];
    for (let i = 0; i + 1 < path.length; i++) {
      const k = kind(path[i]!.stage);
      if (k !== 'funnel' && k !== 'route') continue;
      const ms = path[i + 1]!.at.getTime() - path[i]!.at.getTime();
      stays.push({ stage: path[i]!.stage, seconds: Math.max(0, Math.round(ms / 1000)) });
    }

    let handoff: Handoff | null = null;
    const h = path.findIndex((e) => kind(e.stage) === 'route');
    if (h >= 0) {
      const after = path.slice(h + 1).map((e) => e.t!);
      const withKind = (k: 'reject' | 'lost') =>
        after.filter((t) => t.reason_code !== null && kinds.get(t.reason_code) === k);
      // The handoff's instant to the microsecond: the creation stage's is created_at.
      const handoffUs = path[h]!.t ? BigInt(path[h]!.t!.at_us) : BigInt(c.created_us);
      const atHandoff = (scoresOf.get(c.id) ?? [])
        .filter((s) => BigInt(s.at_us) <= handoffUs)
        .at(-1);
      handoff = {
        month: monthOfMs(path[h]!.at.getTime()),
        accepted: after.some((t) => funnelAtLeast(t.to_stage, 'sal')),
        rejected: withKind('reject').length > 0,
        sql: after.some((t) => funnelAtLeast(t.to_stage, 'sql')),
        won: after.some((t) => funnelAtLeast(t.to_stage, 'customer')),
        lost: withKind('lost').length > 0,
        cents: after
          .filter((t) => funnelAtLeast(t.to_stage, 'customer'))
          .reduce((n, t) => n + cents(t.amount), 0),
        rejectReason: withKind('reject').at(-1)?.reason_code ?? null,
        lostReason: withKind('lost').at(-1)?.reason_code ?? null,
        band: atHandoff?.band ?? '',
        bucket: atHandoff ? Math.max(0, Math.min(9, Math.floor(atHandoff.total / 10))) : -1,
        score: atHandoff?.total ?? 0,
      };
    }

    const wins = path
      .filter((e) => e.t !== null && funnelAtLeast(e.stage, 'customer'))
      .map((e) => ({ month: monthOfMs(e.at.getTime()), cents: cents(e.t!.amount) }));
    const entries: Derived['entries'] = [];
    for (const stage of entered) {
      const first = path.find((e) => e.stage === stage)!;
      entries.push({
        month: monthOfMs(first.at.getTime()),
        stage,
        cents: funnelAtLeast(stage, 'customer') && first.t ? cents(first.t.amount) : 0,
      });
    }
    if (qualifiedEntry)
      entries.push({ month: monthOfMs(qualifiedEntry.at.getTime()), stage: 'qualified', cents: 0 });

    return {
      id: c.id,
      cohort: monthOfMs(c.created.getTime()),
      source: c.first_touch_source ?? '',
      campaign: c.first_touch_campaign ?? '',
      lastSource: c.last_touch_source ?? '',
      lastCampaign: c.last_touch_campaign ?? '',
      persona: c.persona_key ?? '',
      team: (c.owner_id && teamOf.get(c.owner_id)) || '',
      owner: c.owner_id ?? '',
      marketer: c.marketer_id ?? '',
      reached,
      stays,
      handoff,
      wins,
      entries,
    };
  });

  return {
    contacts: derived,
    teamNames: new Map(teams.map((t) => [t.id, t.name])),
    memberNames: new Map(members.map((m) => [m.id, m.name])),
    personaNames: new Map(version.personas.map((p) => [p.key, p.name])),
    reasonLabels: new Map(version.reason_codes.map((r) => [r.key, r.label])),
    reasonKinds: kinds,
    activeStages,
    definitionsVersion: version.version,
    slaQuota: perRep === undefined ? null : perRep * activeReps,
  };
}

/* Helpers the comparisons share. */

export const inRange = (month: string, r: { from: string; to: string }) =>
  month >= r.from && month <= r.to;

export function tally<K>(map: Map<K, number>, key: K, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** The p-th percentile, nearest rank (the ⌈p·n⌉-th smallest). */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
}

/** The 5%-wide bucket on minutes + 1 a stay of `seconds` falls in. */
export function bucketOf(seconds: number): number {
  const x = seconds / 60 + 1;
  let b = Math.floor(Math.log(x) / Math.log(1.05));
  while (1.05 ** (b + 1) <= x) b++;
  while (b > 0 && 1.05 ** b > x) b--;
  return b;
}

/** ⌈a·b / c⌉ in integers. */
export function ceilRatio(a: bigint, b: bigint, c: bigint): bigint {
  const p = a * b;
  return (p + c - 1n) / c;
}
