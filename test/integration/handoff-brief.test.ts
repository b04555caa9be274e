import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffBrief } from '../../src/core/handoff-brief.js';
import { memberActor } from '../../src/core/roles.js';
import {
  announceAssignments,
  announceStageChange,
} from '../../src/services/leads/lead-notifications.js';
import { loadActiveDefinitions } from '../../src/services/lifecycle/active-definitions.js';
import { explainContactScore } from '../../src/services/scoring/explain-contact-score.js';
import { findMemberById } from '../../src/store/members.js';
import { listNotifications, type StoredNotification } from '../../src/store/notifications.js';
import { databaseTargets } from '../support/databases.js';
import { createIngestKey, routeInboundRoundRobin } from '../support/lead-desk.js';
import { type Caller, startTestApp, type TestApp } from '../support/test-app.js';

const MINUTE = 60_000;

/**
 * The handoff brief and the lead events in the outbox, end to end: a contact
 * qualifies through real ingest and scoring, routing assigns it, and the
 * `lead.assigned` rows (the owner's and the workspace's) carry a brief that
 * agrees with the score explanation and the stored events; manual assignment,
 * accepting, rejecting and moving write their events once each.
 */
describe.each(databaseTargets)('handoff brief and lead events on $name', (target) => {
  let t: TestApp;
  let writeKey: string;
  let manager: Caller;
  let rep: Caller;
  let otherRep: Caller;
  let lead: string;
  const base = Date.now() - 60 * MINUTE;

  beforeAll(async () => {
    t = await startTestApp(target);
    writeKey = await createIngestKey(t);
    manager = await t.signIn('manager');
    rep = await t.signIn('rep');
    otherRep = await t.signIn('otherRep');
    await routeInboundRoundRobin(t);
  });
  afterAll(async () => t?.close());

  /** 14 events a minute apart, the qualifying ones last, so the brief has more than 10 to choose from. */
  function journey(userId: string, email: string) {
    const at = (i: number) => new Date(base + i * MINUTE).toISOString();
    const page = (i: number, path: string, title: string, extra: Record<string, unknown> = {}) => ({
      type: 'page',
      userId,
      timestamp: at(i),
      properties: { path, url: `https://tandem.test${path}`, title },
      ...extra,
    });
    const events: Record<string, unknown>[] = [
      {
        type: 'identify',
        userId,
        timestamp: at(0),
        traits: {
          email,
          firstName: 'Ada',
          lastName: 'Quinn',
          title: 'Head of Demand Generation',
          department: 'marketing',
        },
      },
      page(1, '/blog/lead-routing', 'Lead routing, explained', {
        context: { campaign: { source: 'google', medium: 'cpc', name: 'q4-demand' } },
      }),
      page(2, '/blog/lead-routing', 'Lead routing, explained'),
      page(3, '/blog/sla', 'The marketing–sales SLA'),
      {
        type: 'track',
        userId,
        timestamp: at(4),
        event: 'Asset Downloaded',
        properties: { asset: 'SLA template', assetType: 'template' },
      },
      page(5, '/features', 'Features'),
      page(6, '/blog/lead-routing', 'Lead routing, explained'),
      {
        type: 'track',
        userId,
        timestamp: at(7),
        event: 'Webinar Registered',
        properties: { webinar: 'Routing that reps trust' },
      },
      page(8, '/customers', 'Customers'),
      page(9, '/pricing', 'Pricing'),
      page(10, '/pricing', 'Pricing'),
      page(11, '/pricing', 'Pricing', {
        context: { campaign: { source: 'newsletter', medium: 'email', name: 'december' } },
      }),
      {
        type: 'track',
        userId,
        timestamp: at(12),
        event: 'Form Submitted',
        properties: { form: 'contact-us' },
      },
      {
        type: 'track',
        userId,
        timestamp: at(13),
        event: 'Form Submitted',
        properties: { form: 'demo-request' },
      },
    ];
    // Stable message ids: the same batch sent again is the same messages.
    return events.map((e, i) => ({ ...e, messageId: `${userId}-${i}` }));
  }

  async function ingest(batch: unknown[]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Bearer ${writeKey}` },
      payload: { batch },
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  async function contactOf(userId: string) {
    const { rows } = await t.db.query<{ id: string; lifecycle_stage: string; owner_id: string }>(
      `SELECT c.id, c.lifecycle_stage, c.owner_id FROM contact_identities i
       JOIN contacts c ON c.id = i.contact_id WHERE i.kind = 'user_id' AND i.value = $1`,
      [userId],
    );
    return rows[0]!;
  }

  const notes = async (id: string, type?: string): Promise<StoredNotification[]> =>
    (await listNotifications(t.db, { contactId: id })).filter((n) => !type || n.type === type);
  const count = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications')).rows[0]!.n;

  it('assigns a lead that qualifies on ingest and tells the owner and the workspace, with the brief', async () => {
    await ingest(journey('hb-1', 'ada@brief.test'));
    const c = await contactOf('hb-1');
    expect(c.lifecycle_stage).toBe('mql');
    expect([t.members.rep, t.members.otherRep]).toContain(c.owner_id);
    lead = c.id;

    const assigned = await notes(lead, 'lead.assigned');
    expect(assigned.map((n) => [n.memberId, n.dedupeKey.endsWith(':*')])).toEqual([
      [c.owner_id, false],
      [null, true],
    ]);
    // One event: both rows say the same.
    expect(assigned[0]!.payload).toEqual(assigned[1]!.payload);
    const payload = assigned[0]!.payload as Record<string, unknown> & { brief: HandoffBrief };
    expect(payload).toMatchObject({
      contactId: lead,
      contactName: 'Ada Quinn',
      ownerId: c.owner_id,
      ownerName: expect.any(String),
      reason: expect.stringMatching(/^no routing rules; the fallback applies; round robin/),
    });
    const brief = payload.brief;
    expect(brief).toMatchObject({
      contactId: lead,
      qualifiedAs: 'mql',
      firstTouch: { source: 'google', medium: 'cpc', campaign: 'q4-demand' },
      lastTouch: { source: 'newsletter', medium: 'email', campaign: 'december' },
    });
    // Created by the ingest key, qualified by the system.
    expect(brief.stageHistory.map((s) => [s.from, s.to, s.actor.kind])).toEqual([
      [null, 'lead', 'api_key'],
      ['lead', 'mql', 'system'],
    ]);
    expect(brief.qualifiedAt).toBe(brief.stageHistory.at(-1)!.occurredAt);

    // Why it qualified: the score explanation's five largest contributions, as of the brief.
    const explained = await explainContactScore({
      db: t.db,
      actor: memberActor((await findMemberById(t.db, t.members.admin))!),
      contactId: lead,
      now: new Date(brief.generatedAt),
    });
    expect(brief.topContributions).toEqual(
      explained.contributions
        .slice(0, 5)
        .map((x) => ({ rule: x.ruleId, label: x.label, points: x.points })),
    );
    expect(brief.topContributions.length).toBeGreaterThanOrEqual(3);
    expect(brief.score).toEqual({
      total: explained.total,
      fit: explained.fit,
      engagement: explained.engagement,
      band: explained.band,
    });

    // The last activities: the 10 newest stored events, newest first.
    const { rows: newest } = await t.db.query<{
      type: string;
      name: string | null;
      occurred_at: Date;
    }>(
      `SELECT type, name, occurred_at FROM events WHERE contact_id = $1
       ORDER BY occurred_at DESC, id DESC LIMIT 10`,
      [lead],
    );
    expect(newest).toHaveLength(10);
    expect(brief.recentActivities.map((a) => [a.type, a.name, a.occurredAt])).toEqual(
      newest.map((e) => [e.type, e.name, e.occurred_at.toISOString()]),
    );
    expect(brief.recentActivities[0]).toMatchObject({ type: 'form_submitted' });
    expect(brief.recentActivities.find((a) => a.type === 'page_viewed')).toMatchObject({
      url: 'https://tandem.test/pricing',
      title: 'Pricing',
    });

    // Content: pages by path, the download by asset, the webinar by title; most often first.
    const content = brief.contentConsumed.map((x) => [x.kind, x.title, x.times]);
    expect(content.slice(0, 2)).toEqual([
      ['page', 'Pricing', 3],
      ['page', 'Lead routing, explained', 3],
    ]);
    expect(content).toContainEqual(['download', 'SLA template', 1]);
    expect(content).toContainEqual(['webinar', 'Routing that reps trust', 1]);
    expect(content).toHaveLength(7);
    expect(brief.contentConsumed[0]!.lastAt).toBe(new Date(base + 11 * MINUTE).toISOString());

    // The same brief over HTTP, as of now.
    const served = (
      await t.request(rep, { method: 'GET', url: `/api/v1/contacts/${lead}/brief` })
    ).json() as HandoffBrief;
    expect(served.recentActivities).toEqual(brief.recentActivities);
    expect(served.contentConsumed).toEqual(brief.contentConsumed);
    expect(served.topContributions.map((x) => x.rule)).toEqual(
      brief.topContributions.map((x) => x.rule),
    );
  });

  it('writes a retried cause once: the same batch again, the same assignment again', async () => {
    const before = await count();
    const again = await ingest(journey('hb-1', 'ada@brief.test'));
    expect(again.stored).toBe(0);
    expect(await count()).toBe(before);
    const c = await contactOf('hb-1');
    const [row] = await notes(lead, 'lead.assigned');
    const written = await t.db.transaction((tx) =>
      announceAssignments(
        tx,
        [
          {
            contactId: lead,
            ownerId: c.owner_id,
            reason: 'again',
            handoffSeq: row!.payload.handoffSeq as number,
            notifyOwner: true,
          },
        ],
        { now: new Date() },
      ),
    );
    expect(written).toBe(0);
    expect(await count()).toBe(before);
  });

  it("tells the new owner and the workspace of a manager's assignment, and nobody twice", async () => {
    const c = await contactOf('hb-1');
    const next = c.owner_id === t.members.rep ? t.members.otherRep : t.members.rep;
    const assign = () =>
      t.request(manager, {
        method: 'PATCH',
        url: `/api/v1/contacts/${lead}`,
        payload: { ownerId: next },
      });
    expect((await assign()).statusCode).toBe(200);
    const manual = (await notes(lead, 'lead.assigned')).slice(2);
    expect(manual.map((n) => n.memberId)).toEqual([next, null]);
    expect(manual[0]!.payload).toMatchObject({
      ownerId: next,
      reason: 'assigned by Manager',
      previousOwnerId: c.owner_id,
      assignedBy: { kind: 'member', id: t.members.manager },
      brief: { contactId: lead, qualifiedAs: 'mql' },
    });
    // The same request again changes nothing, so it tells nobody.
    const before = await count();
    expect((await assign()).statusCode).toBe(200);
    expect(await count()).toBe(before);
  });

  it('writes stage.changed for a move, to the owner only when someone else made it', async () => {
    const c = await contactOf('hb-1');
    const owner = c.owner_id === t.members.rep ? rep : otherRep;
    const accepted = await t.request(owner, {
      method: 'POST',
      url: `/api/v1/contacts/${lead}/accept`,
      payload: { note: 'On it' },
    });
    expect(accepted.json().lifecycleStage).toBe('sal');
    const changed = await notes(lead, 'stage.changed');
    // The owner moved it: only the workspace hears.
    expect(changed.map((n) => n.memberId)).toEqual([null]);
    expect(changed[0]!.payload).toMatchObject({
      contactId: lead,
      contactName: 'Ada Quinn',
      from: 'mql',
      to: 'sal',
      reason: 'On it',
      actor: { kind: 'member', id: c.owner_id },
    });
    // The manager moves it on: the owner hears too.
    const moved = await t.request(manager, {
      method: 'POST',
      url: `/api/v1/contacts/${lead}/transitions`,
      payload: { to: 'recycled', reasonCode: 'not_ready' },
    });
    expect(moved.json().lifecycleStage).toBe('recycled');
    const all = await notes(lead, 'stage.changed');
    expect(all.slice(1).map((n) => [n.memberId, n.payload.to])).toEqual([
      [null, 'recycled'],
      [c.owner_id, 'recycled'],
    ]);
    // not_ready is a reject reason: the manager turned the lead down for its owner.
    expect((await notes(lead, 'lead.rejected')).map((n) => n.memberId)).toEqual([null, c.owner_id]);

    // The same move announced again (a retried cause) adds nothing.
    const before = await count();
    const actor = memberActor((await findMemberById(t.db, t.members.manager))!);
    const written = await t.db.transaction(async (tx) =>
      announceStageChange(tx, {
        contactId: lead,
        ownerId: c.owner_id,
        actor,
        planned: { from: 'sal', to: 'recycled', reasonCode: 'not_ready', note: null },
        definitions: await loadActiveDefinitions(tx),
      }),
    );
    expect(written).toBe(0);
    expect(await count()).toBe(before);
  });

  it('writes lead.rejected with the reason, the note and who rejected', async () => {
    await ingest(journey('hb-2', 'bo@brief.test'));
    const c = await contactOf('hb-2');
    expect(c.lifecycle_stage).toBe('mql');
    const owner = c.owner_id === t.members.rep ? rep : otherRep;
    // The marketing member credited with the lead hears that sales turned it down.
    await t.db.query('UPDATE contacts SET marketer_id = $2 WHERE id = $1', [
      c.id,
      t.members.marketer,
    ]);
    const res = await t.request(owner, {
      method: 'POST',
      url: `/api/v1/contacts/${c.id}/reject`,
      payload: { reasonCode: 'spam', note: 'Bot traffic' },
    });
    expect(res.statusCode).toBe(200);
    const rejected = await notes(c.id, 'lead.rejected');
    // The owner rejected it: the workspace and the credited marketer hear, not the owner.
    expect(rejected.map((n) => n.memberId)).toEqual([null, t.members.marketer]);
    expect(rejected[0]!.payload).toMatchObject({
      contactId: c.id,
      contactName: 'Ada Quinn',
      reasonCode: 'spam',
      note: 'Bot traffic',
      rejectedBy: { kind: 'member', id: c.owner_id },
      from: 'mql',
      to: res.json().lifecycleStage,
    });
    expect((await notes(c.id, 'stage.changed')).map((n) => n.memberId)).toEqual([null]);
  });
});
