import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import {
  type Caller,
  startTestApp,
  type TestApp,
  type TestMemberName,
} from '../../../../test/support/test-app.js';
import { businessTimeBetween } from '../../../core/business-time/business-time.js';
import { defaultCalendar } from '../../../core/business-time/calendar.js';
import { memberActor } from '../../../core/roles.js';
import { defaultContract } from '../../../core/sla/contract.js';
import { listInbox } from '../../../services/sla/list-inbox.js';
import { sweepDueClocks } from '../../../services/sla/sweep-due-clocks.js';
import type { Db } from '../../../store/db.js';

/** Rows a refused SLA request must leave as they were. */
async function slaCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'sla_contracts',
    'sla_contract_signatures',
    'sla_clocks',
    'audit_log',
    'contacts',
  ]) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

describe.each(databaseTargets)('SLA API on $name', (target) => {
  let t: TestApp;
  const as = {} as Record<TestMemberName, Caller>;
  let readKey: string;
  let writeKey: string;

  beforeAll(async () => {
    t = await startTestApp(target);
    for (const name of ['admin', 'marketer', 'manager', 'rep', 'otherRep'] as const)
      as[name] = await t.signIn(name);
    readKey = (
      await t.request(as.admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'all', scopes: ['admin'] },
      })
    ).json().key;
    writeKey = (
      await t.request(as.admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'writer', scopes: ['write'] },
      })
    ).json().key;
  });
  afterAll(async () => t?.close());

  const call = (
    who: TestMemberName,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: Record<string, unknown>,
  ) =>
    t.request(as[who], {
      method,
      url: `/api/v1${url}`,
      ...(payload === undefined ? {} : { payload }),
    });

  async function refused(
    request: () => Promise<{ statusCode: number; json(): { code: string } }>,
    status: number,
    code: string,
  ) {
    const before = await slaCounts(t.db);
    const res = await request();
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
    expect(await slaCounts(t.db)).toEqual(before);
    return res;
  }

  /** A lead marketing created and handed over, assigned to `owner` by the manager: its clocks start. */
  async function handedLead(owner: TestMemberName): Promise<string> {
    const created = await call('marketer', 'POST', '/contacts', {
      email: `lead-${Math.random().toString(36).slice(2)}@acme.test`,
    });
    const id = created.json().id as string;
    expect(
      (await call('marketer', 'PATCH', `/contacts/${id}`, { lifecycleStage: 'mql' })).statusCode,
    ).toBe(200);
    expect(
      (await call('manager', 'PATCH', `/contacts/${id}`, { ownerId: t.members[owner] })).statusCode,
    ).toBe(200);
    return id;
  }

  it('lists version 1, the defaults, in force and unsigned', async () => {
    const res = await call('rep', 'GET', '/sla/contracts');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        version: 1,
        status: 'active',
        document: defaultContract(),
        proposedBy: null,
        signatures: [],
      }),
    ]);
  });

  it('refuses proposals from reps and API keys, and bad documents by path, writing nothing', async () => {
    await refused(
      () => call('rep', 'POST', '/sla/contracts', { document: defaultContract() }),
      403,
      'forbidden',
    );
    await refused(
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/sla/contracts',
          headers: { authorization: `Bearer ${writeKey}` },
          payload: { document: defaultContract() },
        }),
      403,
      'forbidden',
    );
    const bad = defaultContract() as unknown as Record<string, Record<string, unknown>>;
    bad.sales!.accept_within = { businessHours: 0 };
    bad.escalation!.warnOwnerAt = 1;
    const res = await refused(
      () => call('marketer', 'POST', '/sla/contracts', { document: bad }),
      400,
      'validation_failed',
    );
    const fields = (res.json() as unknown as { errors: { field: string }[] }).errors.map(
      (e) => e.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'document/sales/accept_within/businessHours',
        'document/escalation/warnOwnerAt',
      ]),
    );
  });

  it('takes a version into force with a marketing and a sales manager signature, withdrawing other proposals', async () => {
    const terms = defaultContract();
    terms.sales.accept_within = { businessHours: 2 };
    const proposed = await call('marketer', 'POST', '/sla/contracts', { document: terms });
    expect(proposed.statusCode).toBe(201);
    expect(proposed.json()).toMatchObject({
      version: 2,
      status: 'proposed',
      proposedBy: { id: t.members.marketer, name: 'Marketer' },
      activatedAt: null,
    });
    const rival = await call('manager', 'POST', '/sla/contracts', { document: defaultContract() });
    expect(rival.json().version).toBe(3);

    // A rep's signature would bind the team: the manager co-signs for sales. Keys never sign.
    await refused(() => call('rep', 'POST', '/sla/contracts/2/sign'), 403, 'forbidden');
    await refused(
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/sla/contracts/2/sign',
          headers: { authorization: `Bearer ${readKey}` },
          payload: {},
        }),
      403,
      'forbidden',
    );
    await refused(
      () => call('admin', 'POST', '/sla/contracts/2/sign', {}),
      400,
      'validation_failed',
    );
    const first = await call('marketer', 'POST', '/sla/contracts/2/sign');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'proposed', signatures: [{ side: 'marketing' }] });
    await refused(() => call('marketer', 'POST', '/sla/contracts/2/sign'), 409, 'conflict');
    await refused(() => call('manager', 'POST', '/sla/contracts/9/sign'), 404, 'not_found');

    const second = await call('manager', 'POST', '/sla/contracts/2/sign');
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      status: 'active',
      signatures: [
        { member: { id: t.members.marketer }, side: 'marketing' },
        { member: { id: t.members.manager }, side: 'sales' },
      ],
    });
    const list = (await call('rep', 'GET', '/sla/contracts')).json().items as {
      version: number;
      status: string;
    }[];
    expect(list.map((v) => [v.version, v.status])).toEqual([
      [3, 'withdrawn'],
      [2, 'active'],
      [1, 'superseded'],
    ]);
    await refused(() => call('manager', 'POST', '/sla/contracts/3/sign'), 409, 'conflict');
    await refused(() => call('manager', 'POST', '/sla/contracts/1/sign'), 409, 'conflict');
    const { rows } = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_type = 'sla_contract' ORDER BY occurred_at, action",
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'sla_contract.proposed',
        'sla_contract.signed',
        'sla_contract.activated',
      ]),
    );

    // Leads assigned from now on run under version 2: two hours to accept.
    const lead = await handedLead('rep');
    const clocks = await t.db.query<{ contract_version: number; clause: string }>(
      'SELECT contract_version, clause FROM sla_clocks WHERE contact_id = $1',
      [lead],
    );
    expect(clocks.rows.length).toBe(4);
    expect(new Set(clocks.rows.map((r) => r.contract_version))).toEqual(new Set([2]));
    const standing = await call('otherRep', 'GET', '/sla/contract');
    expect(standing.statusCode).toBe(200);
    expect(standing.json().contract.version).toBe(2);
    const sales = standing.json().standing.sales as {
      clause: string;
      target: number;
      open: number;
    }[];
    expect(sales.find((s) => s.clause === 'accept_within')).toMatchObject({ target: 2 });
    expect(sales.reduce((n, s) => n + s.open, 0)).toBeGreaterThanOrEqual(4);
    expect(standing.json().standing.marketing.map((m: { clause: string }) => m.clause)).toEqual([
      'mqls_per_rep',
      'accepted_share',
    ]);
  });

  it("shows the rep's open leads with business time left in their calendar, and nobody else's", async () => {
    const lead = await handedLead('otherRep');
    const res = await call('otherRep', 'GET', '/inbox');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.calendar).toEqual(defaultCalendar('Europe/Berlin'));
    const item = body.items.find((i: { contact: { id: string } }) => i.contact.id === lead);
    expect(item.contact.ownerId).toBe(t.members.otherRep);
    expect(item.clocks.map((c: { clause: string }) => c.clause)).toEqual([
      'accept_within',
      'first_attempt_within',
      'attempt_cadence',
      'outcome_recorded',
    ]);
    const now = new Date(body.now);
    for (const c of item.clocks)
      expect(c.remainingBusinessMs).toBe(
        businessTimeBetween(defaultCalendar('Europe/Berlin'), now, new Date(c.dueAt)),
      );
    expect(
      (await call('rep', 'GET', '/inbox'))
        .json()
        .items.some((i: { contact: { id: string } }) => i.contact.id === lead),
    ).toBe(false);
    expect((await call('marketer', 'GET', '/inbox')).json().items).toEqual([]);
    const keyed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/inbox',
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(keyed.statusCode).toBe(403);
  });

  it("lists open leads' breaches for managers; reassigning moves the open clocks to the new owner", async () => {
    const lead = await handedLead('rep');
    // Two weeks on, every window of this lead has passed.
    const later = new Date(Date.now() + 40 * 86_400_000);
    while ((await sweepDueClocks({ db: t.db, now: later })).full);
    await refused(() => call('rep', 'GET', '/sla/breaches'), 403, 'forbidden');
    const res = await call('manager', 'GET', '/sla/breaches');
    expect(res.statusCode).toBe(200);
    const mine = (
      res.json().items as { clause: string; contact: { id: string }; owner: { id: string } }[]
    ).filter((b) => b.contact.id === lead);
    expect(mine.map((b) => b.clause).sort()).toEqual(
      ['accept_within', 'attempt_cadence', 'first_attempt_within', 'outcome_recorded'].sort(),
    );
    expect(mine.every((b) => b.owner.id === t.members.rep)).toBe(true);
    const teamId = (
      await t.db.query<{ team_id: string }>('SELECT team_id FROM members WHERE id = $1', [
        t.members.rep,
      ])
    ).rows[0]!.team_id;
    expect(
      (await call('manager', 'GET', `/sla/breaches?teamId=${teamId}`)).json().items.length,
    ).toBe(res.json().items.length);
    expect(
      (
        await call('admin', 'GET', '/sla/breaches?teamId=00000000-0000-4000-8000-000000000000')
      ).json().items,
    ).toEqual([]);

    // The rep's inbox, read as of then, keeps the lead highlighted as overdue: nothing was done.
    const inbox = await listInbox({
      db: t.db,
      actor: memberActor({ id: t.members.rep, role: 'sales_rep', teamId, name: 'Rep' }),
      now: later,
    });
    const item = inbox.items.find((i) => i.contact.id === lead)!;
    expect(item.clocks.map((c) => c.state)).toEqual([
      'breached',
      'breached',
      'breached',
      'breached',
    ]);
    for (const c of item.clocks)
      expect(c.remainingBusinessMs).toBe(
        -businessTimeBetween(defaultCalendar('Europe/Berlin'), c.dueAt!, later),
      );
    // Most urgent first: the least business time left on any running or overdue clock.
    const urgency = inbox.items.map((i) => Math.min(...i.clocks.map((c) => c.remainingBusinessMs)));
    expect(urgency).toEqual([...urgency].sort((a, b) => a - b));

    // A fresh lead with running clocks, reassigned from the breaches view: the open clocks follow.
    const fresh = await handedLead('rep');
    const moved = await call('manager', 'PATCH', `/contacts/${fresh}`, {
      ownerId: t.members.otherRep,
    });
    expect(moved.statusCode).toBe(200);
    const owners = await t.db.query<{ owner_id: string; state: string }>(
      'SELECT owner_id, state FROM sla_clocks WHERE contact_id = $1',
      [fresh],
    );
    expect(owners.rows.length).toBe(4);
    expect(owners.rows.every((r) => r.owner_id === t.members.otherRep)).toBe(true);
    // Breached clocks stay the breaching owner's: the breach is theirs.
    await call('manager', 'PATCH', `/contacts/${lead}`, { ownerId: t.members.otherRep });
    const after = (await call('manager', 'GET', '/sla/breaches'))
      .json()
      .items.filter((b: { contact: { id: string } }) => b.contact.id === lead);
    expect(
      after.every(
        (b: { owner: { id: string }; contact: { ownerId: string } }) =>
          b.owner.id === t.members.rep && b.contact.ownerId === t.members.otherRep,
      ),
    ).toBe(true);
  });

  it('serves the scorecard of a month, refusing months that are not or have not begun', async () => {
    const now = new Date();
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const res = await call('marketer', 'GET', `/sla/scorecards?month=${month}`);
    expect(res.statusCode).toBe(200);
    const card = res.json();
    expect(card.month).toBe(month);
    expect(card.marketing.delivered).toBeGreaterThanOrEqual(4);
    expect(card.reps.map((r: { name: string }) => r.name).sort()).toEqual(['OtherRep', 'Rep']);
    expect(card.marketers).toEqual([
      expect.objectContaining({
        id: t.members.marketer,
        name: 'Marketer',
        delivered: card.marketing.delivered,
      }),
    ]);
    expect((await call('rep', 'GET', '/sla/scorecards')).statusCode).toBe(200);
    // Marketing is credited with the contacts it brings in; nobody else is.
    const byManager = await call('manager', 'POST', '/contacts', { email: 'mgr-made@acme.test' });
    const credit = await t.db.query<{ email: string; marketer_id: string | null }>(
      "SELECT email, marketer_id FROM contacts WHERE email IN ('mgr-made@acme.test') OR marketer_id IS NOT NULL",
    );
    expect(byManager.statusCode).toBe(201);
    expect(credit.rows.find((r) => r.email === 'mgr-made@acme.test')!.marketer_id).toBeNull();
    expect(credit.rows.filter((r) => r.marketer_id === t.members.marketer).length).toBe(
      card.marketing.delivered,
    );
    await refused(
      () => call('rep', 'GET', '/sla/scorecards?month=2026-13'),
      400,
      'validation_failed',
    );
    await refused(
      () => call('rep', 'GET', '/sla/scorecards?month=2999-01'),
      400,
      'validation_failed',
    );
  });
});
