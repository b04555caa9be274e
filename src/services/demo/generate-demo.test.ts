import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultPersonas, defaultReasonCodes } from '../../core/definitions.js';
import { defaultStageDefinitions } from '../../core/stages.js';
import { type DemoTransition, demoCounts, generateDemo } from './generate-demo.js';

const asOf = new Date('2026-11-22T12:00:00Z');
const dayMs = 86_400_000;
const windowStart = asOf.getTime() - 90 * dayMs;
const demo = generateDemo({ seed: 1, asOf });

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const reps = demo.members.filter((m) => m.role === 'sales_rep');
const repIds = new Set(reps.map((m) => m.id));
const memberById = new Map(demo.members.map((m) => [m.id, m]));
const teamById = new Map(demo.teams.map((t) => [t.id, t]));
const accountById = new Map(demo.accounts.map((a) => [a.id, a]));
const contactById = new Map(demo.contacts.map((c) => [c.id, c]));
const allowed = new Map(defaultStageDefinitions.map((s) => [s.key, s.allowedTransitions]));
const routeStages = ['mql', 'pql', 'cql'];
/** The activity that must precede each qualification route. */
const signals: Record<string, string> = {
  mql: 'page_viewed',
  pql: 'feature_used',
  cql: 'chat_started',
};

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const transitionsOf = groupBy(demo.transitions, (t) => t.contactId);
const eventsOf = groupBy(demo.events, (e) => e.contactId!);
const regionTeam = (country: string) =>
  ['US', 'CA', 'BR', 'MX'].includes(country) ? 'Inbound Americas' : 'Inbound EMEA';

describe('generateDemo', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('gives deep-equal output for the same seed and asOf', () => {
    expect(generateDemo({ seed: 1, asOf })).toEqual(demo);
  });

  it('gives different output for a different seed', () => {
    const other = generateDemo({ seed: 2, asOf });
    expect(other.members.map((m) => m.id)).not.toEqual(demo.members.map((m) => m.id));
    expect(other.accounts.map((a) => a.domain)).not.toEqual(demo.accounts.map((a) => a.domain));
    expect(other.events.length).not.toBe(demo.events.length);
  });

  it('uses neither Math.random nor the clock', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    expect(generateDemo({ seed: 1, asOf }).contacts).toEqual(demo.contacts);
  });

  it('builds the teams and members the issue asks for', () => {
    expect(demo.teams.map((t) => [t.name, t.side])).toEqual([
      ['Marketing', 'marketing'],
      ['Inbound EMEA', 'sales'],
      ['Inbound Americas', 'sales'],
    ]);
    const roles = groupBy(demo.members, (m) => m.role);
    expect(roles.get('admin')?.map((m) => m.email)).toEqual(['admin@demo.tandem.test']);
    expect(roles.get('sales_manager')).toHaveLength(1);
    expect(roles.get('marketing')).toHaveLength(3);
    expect(reps).toHaveLength(8);
    for (const team of ['Inbound EMEA', 'Inbound Americas']) {
      const members = reps.filter((r) => teamById.get(r.teamId!)?.name === team);
      expect(members).toHaveLength(4);
      expect(new Set(members.map((m) => m.timeZone)).size).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(reps.map((r) => r.capacity)).size).toBeGreaterThan(1);
    for (const m of demo.members) {
      expect(m.email).toMatch(/^[a-z.]+@demo\.tandem\.test$/);
      expect(m.passwordSalt).toMatch(/^[0-9a-f]{32}$/);
      expect(DateTime.local({ zone: m.timeZone }).isValid).toBe(true);
    }
  });

  it('gives every row a unique v4 uuid', () => {
    const ids = [
      demo.teams,
      demo.members,
      demo.accounts,
      demo.contacts,
      demo.events,
      demo.transitions,
      demo.sla.clocks,
      demo.sla.awayPeriods,
      [demo.sla.routing],
    ]
      .flat()
      .map((r) => r.id);
    expect(ids.filter((id) => !uuidV4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes 300 accounts with unique domains and firmographics that hang together', () => {
    expect(demo.accounts).toHaveLength(demoCounts.accounts);
    const domains = demo.accounts.map((a) => a.domain);
    expect(new Set(domains).size).toBe(domains.length);
    for (const a of demo.accounts) {
      expect(a.domain).toBe(a.domain.toLowerCase());
      expect(a.employees).toBeGreaterThan(0);
      expect(a.annualRevenue / a.employees).toBeGreaterThanOrEqual(40_000);
      expect(a.annualRevenue / a.employees).toBeLessThanOrEqual(450_000);
      if (a.ownerId) {
        expect(repIds.has(a.ownerId)).toBe(true);
        expect(teamById.get(memberById.get(a.ownerId)!.teamId!)!.name).toBe(regionTeam(a.country));
      }
    }
    const sizes = demo.accounts.map((a) => a.employees).sort((x, y) => x - y);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThan(200);
    expect(sizes[sizes.length - 1]).toBeGreaterThan(5000);
    expect(demo.accounts.some((a) => a.ownerId)).toBe(true);
  });

  it('makes 2,000 contacts with unique emails at their account domain', () => {
    expect(demo.contacts).toHaveLength(demoCounts.contacts);
    const emails = demo.contacts.map((c) => c.email.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    const withContacts = new Set(demo.contacts.map((c) => c.accountId));
    expect(withContacts.size).toBe(demoCounts.accounts);
    for (const c of demo.contacts) {
      const account = accountById.get(c.accountId);
      expect(account).toBeDefined();
      expect(c.email).toMatch(new RegExp(`^[a-z0-9.]+@${account!.domain.replace('.', '\\.')}$`));
      expect(c.properties).toMatchObject({
        company_size_band: expect.any(String),
        preferred_language: expect.any(String),
      });
      expect(c.firstTouchSource).toBeTruthy();
      expect(c.createdAt.getTime()).toBeLessThan(asOf.getTime());
    }
  });

  it('spreads lifecycle stages plausibly: mostly early, a few customers, every stage present', () => {
    const counts = groupBy(demo.contacts, (c) => c.lifecycleStage);
    for (const s of defaultStageDefinitions)
      expect(counts.get(s.key)?.length ?? 0).toBeGreaterThan(0);
    const n = (k: string) => counts.get(k)?.length ?? 0;
    expect(n('lead') + n('subscriber')).toBeGreaterThan(demo.contacts.length / 2);
    // Sales decides handoffs within hours (the SLA), so few wait in a route stage
    // while the accepted ones are being worked.
    expect(n('mql') + n('pql') + n('cql')).toBeLessThan(n('sal') / 4);
    const handed = new Set(
      demo.transitions.filter((t) => routeStages.includes(t.toStage)).map((t) => t.contactId),
    );
    expect(n('customer')).toBeLessThan(handed.size / 5);
  });

  it('records a path of allowed, time-ordered transitions ending in the contact stage', () => {
    for (const c of demo.contacts) {
      const path = transitionsOf.get(c.id)!;
      expect(path[0]).toMatchObject({ fromStage: null, actorKind: 'system' });
      expect(path[0]!.occurredAt).toEqual(c.createdAt);
      for (let i = 1; i < path.length; i++) {
        const [prev, t] = [path[i - 1]!, path[i]!];
        expect(t.fromStage).toBe(prev.toStage);
        expect(allowed.get(t.fromStage!)).toContain(t.toStage);
        expect(t.occurredAt.getTime()).toBeGreaterThan(prev.occurredAt.getTime());
      }
      const last = path[path.length - 1]!;
      expect(last.toStage).toBe(c.lifecycleStage);
      expect(last.occurredAt.getTime()).toBeLessThan(asOf.getTime());
      expect(c.updatedAt).toEqual(last.occurredAt);
    }
  });

  it('has the system qualify, the owner work the lead, and reason codes on every exit', () => {
    const onlyExits = (t: DemoTransition) =>
      t.fromStage !== null && (t.toStage === 'recycled' || t.toStage === 'disqualified');
    for (const t of demo.transitions) {
      const c = contactById.get(t.contactId)!;
      if (routeStages.includes(t.toStage)) {
        expect(t.actorKind).toBe('system');
        expect(t.reason).toBe(`Scoring model v1: ${t.toStage.toUpperCase()} criteria met`);
      }
      if (['sal', 'sql', 'opportunity', 'customer'].includes(t.toStage)) {
        expect(t).toMatchObject({ actorKind: 'member', actorId: c.ownerId });
      }
      if (t.actorKind === 'member') expect(memberById.has(t.actorId!)).toBe(true);
      if (onlyExits(t)) expect(t.reasonCode).toBeTruthy();
      else expect(t.reasonCode).toBeNull();
      if (t.reasonCode === 'student') expect(c.title).toBe('Student');
    }
  });

  it('picks reject codes for turned-down handoffs and lost codes for deals, matching each exit', () => {
    const codes = new Map(defaultReasonCodes.map((r) => [r.key, r]));
    const used = { reject: new Set<string>(), lost: new Set<string>() };
    for (const t of demo.transitions.filter((x) => x.reasonCode !== null)) {
      const code = codes.get(t.reasonCode!);
      expect(code, t.reasonCode!).toBeDefined();
      expect(code!.outcome).toBe(t.toStage);
      if (['mql', 'pql', 'cql', 'sal'].includes(t.fromStage!)) expect(code!.kind).toBe('reject');
      if (['sql', 'opportunity'].includes(t.fromStage!)) expect(code!.kind).toBe('lost');
      used[code!.kind].add(code!.key);
      // A note, when there is one, is short and never repeats the code's label.
      if (t.reason !== null) {
        expect(t.reason.length).toBeLessThan(80);
        expect(t.reason).not.toBe(code!.label);
      }
    }
    // Enough variety for a report to rank reasons: most codes of each kind occur.
    expect(used.reject.size).toBeGreaterThanOrEqual(6);
    expect(used.lost.size).toBeGreaterThanOrEqual(4);
    const notes = demo.transitions.filter((t) => t.reasonCode !== null && t.reason !== null);
    expect(notes.length).toBeGreaterThan(0);
  });

  it('gives every won deal a plausible amount, and nothing else an amount', () => {
    const amounts: number[] = [];
    for (const t of demo.transitions) {
      if (t.toStage !== 'customer') {
        expect(t.amount).toBeNull();
        continue;
      }
      expect(t.amount).not.toBeNull();
      expect(t.amount! % 100).toBe(0);
      amounts.push(t.amount!);
    }
    expect(amounts.length).toBeGreaterThan(20);
    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(5_000);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(120_000);
    const sorted = [...amounts].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(median).toBeGreaterThan(10_000);
    expect(median).toBeLessThan(60_000);
    expect(new Set(amounts).size).toBeGreaterThan(amounts.length / 2);
  });

  it('matches contacts to the default personas by title', () => {
    const keys = new Set(defaultPersonas.map((p) => p.key));
    const byPersona = groupBy(demo.contacts, (c) => c.personaKey ?? '(none)');
    for (const key of keys) expect(byPersona.get(key)?.length ?? 0).toBeGreaterThan(20);
    expect(byPersona.get('(none)')!.length).toBeGreaterThan(demo.contacts.length / 3);
    for (const c of demo.contacts.filter((x) => x.personaKey === 'sales-leader'))
      expect(c.title).toMatch(/VP Sales|Sales Manager/);
  });

  it('owns routed contacts by a rep of the account region and leaves most early ones unowned', () => {
    let early = 0;
    let earlyOwned = 0;
    for (const c of demo.contacts) {
      const routed = transitionsOf.get(c.id)!.some((t) => routeStages.includes(t.toStage));
      if (routed) expect(c.ownerId).not.toBeNull();
      if (c.ownerId) {
        expect(repIds.has(c.ownerId)).toBe(true);
        const team = teamById.get(memberById.get(c.ownerId)!.teamId!)!.name;
        expect(team).toBe(regionTeam(accountById.get(c.accountId)!.country));
      }
      if (c.lifecycleStage === 'lead' || c.lifecycleStage === 'subscriber') {
        early++;
        if (c.ownerId) earlyOwned++;
      }
    }
    expect(earlyOwned / early).toBeLessThan(0.2);
  });

  it('moves by reps fall in their working hours', () => {
    const byOwner = demo.transitions.filter((t) => repIds.has(t.actorId ?? ''));
    const inHours = byOwner.filter((t) => {
      const local = DateTime.fromJSDate(t.occurredAt, {
        zone: memberById.get(t.actorId!)!.timeZone,
      });
      return local.weekday <= 5 && local.hour >= 9 && local.hour < 18;
    });
    expect(inHours.length / byOwner.length).toBeGreaterThan(0.98);
  });

  it('writes 90 days of events for existing contacts, 15-25 per contact on average', () => {
    const perContact = demo.events.length / demo.contacts.length;
    expect(perContact).toBeGreaterThanOrEqual(15);
    expect(perContact).toBeLessThanOrEqual(25);
    const messageIds = new Set(demo.events.map((e) => e.messageId));
    expect(messageIds.size).toBe(demo.events.length);
    // One assertion over all 30,000-odd events: a failure lists the offenders.
    const bad = demo.events.filter((e) => {
      const c = contactById.get(e.contactId!);
      const at = e.occurredAt.getTime();
      return (
        !c ||
        e.source !== 'demo' ||
        !/^demo-\d+$/.test(e.messageId) ||
        !e.name ||
        at < windowStart ||
        at < c.createdAt.getTime() ||
        e.receivedAt.getTime() <= at ||
        e.receivedAt.getTime() >= asOf.getTime()
      );
    });
    expect(bad).toEqual([]);
  });

  it('times activity with the journey: signals before qualifying, sales touches after acceptance', () => {
    for (const c of demo.contacts) {
      const path = transitionsOf.get(c.id)!;
      const events = eventsOf.get(c.id) ?? [];
      const sal = path.find((t) => t.toStage === 'sal');
      for (const e of events.filter((x) => x.type.startsWith('sales_'))) {
        expect(sal).toBeDefined();
        expect(e.occurredAt.getTime()).toBeGreaterThan(sal!.occurredAt.getTime());
        expect(e.properties.memberId).toBe(c.ownerId);
      }
      const disqualified = path.find((t) => t.toStage === 'disqualified');
      if (disqualified) {
        for (const e of events)
          expect(e.occurredAt.getTime()).toBeLessThanOrEqual(disqualified.occurredAt.getTime());
      }
      for (const t of path.filter((x) => routeStages.includes(x.toStage))) {
        const at = t.occurredAt.getTime();
        if (at - windowStart < 2 * dayMs) continue;
        const before = events.filter(
          (e) => e.occurredAt.getTime() < at && e.occurredAt.getTime() > at - 30 * dayMs,
        );
        const signal = signals[t.toStage];
        expect(before.some((e) => e.type === signal)).toBe(true);
        if (t.toStage === 'mql') expect(before.length).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('gives events human labels and the properties their type promises', () => {
    const byType = groupBy(demo.events, (e) => e.type);
    const types = [
      'page_viewed',
      'email_opened',
      'email_clicked',
      'form_submitted',
      'asset_downloaded',
      'webinar_registered',
      'social_engaged',
      'signed_up',
      'feature_used',
      'chat_started',
      'sales_call',
      'sales_email',
      'sales_meeting',
    ];
    for (const type of types) expect(byType.get(type)?.length ?? 0).toBeGreaterThan(0);
    for (const e of byType.get('page_viewed')!) {
      expect(e.properties).toMatchObject({
        url: expect.any(String),
        path: expect.any(String),
        title: expect.any(String),
      });
      expect(e.name).toBe(`Viewed ${e.properties.path}`);
    }
    for (const e of byType.get('asset_downloaded')!)
      expect(e.name).toBe(`Downloaded: ${e.properties.asset}`);
    const forms = new Set(byType.get('form_submitted')!.map((e) => e.properties.form));
    expect([...forms].sort()).toEqual(['contact-us', 'demo-request', 'newsletter']);
    for (const e of ['sales_call', 'sales_email', 'sales_meeting'].flatMap((t) => byType.get(t)!)) {
      expect(e.properties).toMatchObject({
        outcome: expect.any(String),
        notes: expect.any(String),
      });
    }
  });
});
