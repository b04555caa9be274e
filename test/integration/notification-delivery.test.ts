import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { notificationDeliveryJob } from '../../src/jobs/notification-delivery-job.js';
import { startJobs } from '../../src/jobs/runner.js';
import { attemptDueDeliveries, leaseMs } from '../../src/notify/attempt-deliveries.js';
import { retryDelaysMs } from '../../src/notify/backoff.js';
import { fanOutNotifications } from '../../src/notify/fan-out.js';
import { fetchSender } from '../../src/notify/senders.js';
import {
  claimDueDeliveries,
  listDeliveryAttempts,
  listNotificationDeliveries,
  recordAttempt,
} from '../../src/store/deliveries.js';
import { insertNotifications, type NotificationType } from '../../src/store/notifications.js';
import { databaseTargets } from '../support/databases.js';
import { ManualClock } from '../support/manual-clock.js';
import { type Caller, startTestApp, type TestApp } from '../support/test-app.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  answered: number;
}

/** A real HTTP receiver on 127.0.0.1: answers `mode` (503 while "down") and records every request. */
async function startReceiver() {
  const state = { answer: 200, received: [] as Received[] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = req.url === '/gone' ? 410 : state.answer;
      state.received.push({
        path: req.url ?? '',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
      });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    state,
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies with the standardwebhooks package, its clock set to the attempt's own second. */
function verify(secret: string, r: Received): unknown {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Number(r.headers['webhook-timestamp']) * 1000);
    return new Webhook(secret).verify(r.body, r.headers);
  } finally {
    vi.useRealTimers();
  }
}

describe.each(databaseTargets)('notification delivery ($name)', (target) => {
  let t: TestApp;
  let manager: Caller;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let contactId: string;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp(target);
    receiver = await startReceiver();
    manager = await t.signIn('manager');
    const account = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'Acme', domain: 'acme.test' },
    });
    expect(account.statusCode).toBe(201);
    const contact = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: {
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane@acme.test',
        accountId: account.json().id,
        ownerId: t.members.rep,
      },
    });
    expect(contact.statusCode).toBe(201);
    contactId = contact.json().id;
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });
  afterEach(async () => {
    // Each test sets up the endpoints it needs.
    for (const e of (
      await t.request(manager, { method: 'GET', url: '/api/v1/webhook-endpoints' })
    ).json().items as { id: string }[])
      await t.request(manager, { method: 'DELETE', url: `/api/v1/webhook-endpoints/${e.id}` });
    receiver.state.received.length = 0;
    receiver.state.answer = 200;
  });

  async function addEndpoint(body: Record<string, unknown>) {
    const res = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string | null; enabled: boolean };
  }

  /** One event as the outbox rule has it: the workspace copy (no member) and the rep's own row. */
  async function produce(
    type: NotificationType,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const key = `test:${++seq}`;
    const payload = {
      contactId,
      contactName: 'Jane Doe',
      ownerId: t.members.rep,
      clause: 'first_attempt_within',
      contractVersion: 1,
      ...extra,
    };
    await insertNotifications(t.db, [
      { type, contactId, memberId: null, payload, dedupeKey: `${key}:*` },
      { type, contactId, memberId: t.members.rep, payload, dedupeKey: `${key}:rep` },
    ]);
    const { rows } = await t.db.query<{ id: string }>(
      'SELECT id FROM notifications WHERE dedupe_key = $1',
      [`${key}:*`],
    );
    return rows[0]!.id;
  }

  it('a receiver down for five minutes gets every event exactly once after it comes back, signed, with the failed attempts logged on the backoff schedule', async () => {
    const hook = await addEndpoint({
      kind: 'webhook',
      url: `${receiver.base}/hook`,
      description: 'CRM',
    });
    const slack = await addEndpoint({
      kind: 'slack',
      url: `${receiver.base}/slack`,
      eventTypes: ['sla.breached'],
    });
    expect(hook.secret).toMatch(/^whsec_/);
    expect(slack.secret).toBeNull();

    const t0 = Math.ceil(Date.now() / SECOND) * SECOND;
    const clock = new ManualClock(t0);
    receiver.state.answer = 503;
    const produced: { id: string; at: number; type: NotificationType }[] = [];
    const schedule: [number, NotificationType][] = [
      [0, 'sla.breached'],
      [30 * SECOND, 'lead.assigned'],
      [2 * MINUTE, 'sla.warning'],
      [4 * MINUTE, 'sla.breached'],
      [6 * MINUTE, 'sla.breached'],
    ];
    produced.push({ id: await produce('sla.breached'), at: t0, type: 'sla.breached' });
    const runner = startJobs({
      db: t.db,
      jobs: [notificationDeliveryJob({ smtp: null, publicUrl: 'https://tandem.example.com' })],
      clock,
    });
    let upAt: number | null = null;
    try {
      await runner.idle();
      for (
        let at = t0 + SECOND;
        at <= t0 + 45 * MINUTE;
        at += at < t0 + 11 * MINUTE ? SECOND : 30 * SECOND
      ) {
        // The receiver comes back once five minutes of the clock have passed.
        if (upAt === null && at >= t0 + 5 * MINUTE) {
          receiver.state.answer = 200;
          upAt = at;
        }
        for (const [offset, type] of schedule)
          if (offset > 0 && at === t0 + offset)
            produced.push({ id: await produce(type), at, type });
        clock.advanceTo(at);
        await runner.idle();
      }
    } finally {
      await runner.stop();
    }
    expect(produced).toHaveLength(5);

    // Every event reached the webhook exactly once after the receiver came back …
    const hookOk = receiver.state.received.filter((r) => r.path === '/hook' && r.answered === 200);
    expect(hookOk.map((r) => r.headers['webhook-id']).sort()).toEqual(
      produced.map((p) => p.id).sort(),
    );
    // … and the Slack endpoint each sla.breached once.
    const slackOk = receiver.state.received.filter(
      (r) => r.path === '/slack' && r.answered === 200,
    );
    expect(slackOk).toHaveLength(produced.filter((p) => p.type === 'sla.breached').length);

    // Every request, failed or not, carries a signature the reference library accepts.
    for (const r of receiver.state.received.filter((x) => x.path === '/hook')) {
      const body = verify(hook.secret!, r) as {
        type: string;
        timestamp: string;
        data: { contactId: string };
      };
      expect(body.data.contactId).toBe(contactId);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(() =>
      new Webhook(hook.secret!).verify(hookOk[0]!.body, {
        ...hookOk[0]!.headers,
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      }),
    ).toThrow();

    // The first event: 503 at t0, 503 five seconds later, then 200 once it was back (5 min later).
    const [first] = await listNotificationDeliveries(t.db, {
      notificationIds: [produced[0]!.id],
    }).then((ds) => ds.filter((d) => d.channel === 'webhook'));
    expect(first).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      lastStatus: 200,
      nextAttemptAt: null,
    });
    const log = await listDeliveryAttempts(t.db, first!.id);
    expect(log.map((a) => [a.attemptedAt.getTime() - t0, a.statusCode])).toEqual([
      [0, 503],
      [retryDelaysMs[0]!, 503],
      [retryDelaysMs[0]! + retryDelaysMs[1]!, 200],
    ]);
    // The same webhook-id on each try, and each try's timestamp is the attempt's own second.
    const tries = receiver.state.received.filter(
      (r) => r.headers['webhook-id'] === produced[0]!.id && r.path === '/hook',
    );
    expect(tries.map((r) => Number(r.headers['webhook-timestamp']) * 1000 - t0)).toEqual([
      0,
      5 * SECOND,
      5 * MINUTE + 5 * SECOND,
    ]);

    // The event produced after the receiver came back went through at the first attempt.
    const [late] = (
      await listNotificationDeliveries(t.db, { notificationIds: [produced[4]!.id] })
    ).filter((d) => d.channel === 'webhook');
    expect(late).toMatchObject({ status: 'succeeded', attempts: 1 });

    // The endpoint's deliveries over the API say the same.
    const page = await t.request(manager, {
      method: 'GET',
      url: `/api/v1/webhook-endpoints/${hook.id}/deliveries`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toHaveLength(5);
    for (const d of page.json().items)
      expect(d).toMatchObject({ status: 'succeeded', lastStatus: 200 });
    const attempts = await t.request(manager, {
      method: 'GET',
      url: `/api/v1/webhook-endpoints/${hook.id}/deliveries/${first!.id}/attempts`,
    });
    expect(attempts.json().items.map((a: { statusCode: number }) => a.statusCode)).toEqual([
      503, 503, 200,
    ]);
    const elsewhere = await t.request(manager, {
      method: 'GET',
      url: `/api/v1/webhook-endpoints/${slack.id}/deliveries/${first!.id}/attempts`,
    });
    expect(elsewhere.statusCode).toBe(404);

    // The members' own rows need no delivery without SMTP: they are the in-app notifications.
    const all = await listNotificationDeliveries(t.db, {
      notificationIds: produced.map((p) => p.id),
    });
    expect(all.every((d) => d.channel !== 'email')).toBe(true);
  });

  it('Slack gets a readable one-line summary with blocks', async () => {
    await addEndpoint({ kind: 'slack', url: `${receiver.base}/slack` });
    await produce('sla.breached');
    const now = new Date();
    await fanOutNotifications({
      db: t.db,
      now,
      email: false,
      publicUrl: 'https://tandem.example.com',
    });
    await attemptDueDeliveries({ db: t.db, now, senders: { http: fetchSender, mailer: null } });
    const [msg] = receiver.state.received.filter((r) => r.path === '/slack');
    const body = JSON.parse(msg!.body);
    expect(body.text).toBe(
      'SLA breached: first attempt within 6 business hours — Jane Doe (Acme), owner Rep',
    );
    expect(body.blocks[0].text.text).toContain(
      `<https://tandem.example.com/contacts/${contactId}|Open the lead>`,
    );
    expect(msg!.headers['webhook-signature']).toBeUndefined();
  });

  it('a 410 answer fails the delivery and disables the endpoint; nothing more goes there', async () => {
    const gone = await addEndpoint({ kind: 'webhook', url: `${receiver.base}/gone` });
    await produce('sla.warning', { dueAt: new Date().toISOString() });
    const now = new Date();
    const senders = { http: fetchSender, mailer: null };
    await fanOutNotifications({ db: t.db, now, email: false, publicUrl: undefined });
    await attemptDueDeliveries({ db: t.db, now, senders });
    const list = (
      await t.request(manager, { method: 'GET', url: '/api/v1/webhook-endpoints' })
    ).json().items;
    expect(list.find((e: { id: string }) => e.id === gone.id)).toMatchObject({
      enabled: false,
      disabledReason: expect.stringContaining('410'),
    });
    const deliveries = (
      await t.request(manager, {
        method: 'GET',
        url: `/api/v1/webhook-endpoints/${gone.id}/deliveries`,
      })
    ).json().items;
    expect(deliveries).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 1,
        lastStatus: 410,
        nextAttemptAt: null,
      }),
    ]);
    const { rows: audit } = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_id = $1 AND action = 'webhook_endpoint.disabled'",
      [gone.id],
    );
    expect(audit).toHaveLength(1);

    await produce('sla.breached');
    await fanOutNotifications({ db: t.db, now, email: false, publicUrl: undefined });
    await attemptDueDeliveries({ db: t.db, now, senders });
    expect(receiver.state.received.filter((r) => r.path === '/gone')).toHaveLength(1);
  });

  it('two sweeps racing fan out and deliver each event once', async () => {
    const hook = await addEndpoint({ kind: 'webhook', url: `${receiver.base}/hook` });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(await produce('stage.changed', { from: 'mql', to: 'sal' }));
    const now = new Date();
    const senders = { http: fetchSender, mailer: null };
    const sweep = async () => {
      for (;;) {
        const fan = await fanOutNotifications({
          db: t.db,
          now,
          email: false,
          publicUrl: undefined,
          limit: 7,
        });
        const sent = await attemptDueDeliveries({ db: t.db, now, senders, limit: 5 });
        if (fan.fannedOut === 0 && sent.attempted === 0) return;
      }
    };
    await Promise.all([sweep(), sweep()]);
    const got = receiver.state.received
      .filter((r) => r.path === '/hook')
      .map((r) => r.headers['webhook-id']);
    expect(got.sort()).toEqual([...ids].sort());
    for (const r of receiver.state.received) verify(hook.secret!, r);
    const deliveries = await listNotificationDeliveries(t.db, { notificationIds: ids });
    expect(deliveries).toHaveLength(30);
    expect(deliveries.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
  });

  it('a sweep that died mid-send is taken over when its lease runs out; its late answer changes nothing', async () => {
    await addEndpoint({ kind: 'webhook', url: `${receiver.base}/hook` });
    const id = await produce('sla.breached');
    const now = new Date();
    const senders = { http: fetchSender, mailer: null };
    await fanOutNotifications({ db: t.db, now, email: false, publicUrl: undefined });
    // The dead sweep: it leased the delivery and never came back.
    const [dead] = await t.db.transaction((tx) =>
      claimDueDeliveries(tx, {
        now,
        leaseUntil: new Date(now.getTime() + leaseMs),
        leaseToken: randomUUID(),
        limit: 10,
      }),
    );
    expect(dead).toBeDefined();
    // Within the lease nobody else sends it …
    const during = await attemptDueDeliveries({
      db: t.db,
      now: new Date(now.getTime() + leaseMs - 1),
      senders,
    });
    expect(during.attempted).toBe(0);
    // … after it, the next sweep does.
    const after = new Date(now.getTime() + leaseMs);
    expect((await attemptDueDeliveries({ db: t.db, now: after, senders })).succeeded).toBe(1);
    // The dead sweep's answer arriving late neither undoes nor repeats the success.
    await t.db.transaction((tx) =>
      recordAttempt(tx, {
        deliveryId: dead!.id,
        leaseToken: dead!.leaseToken,
        attempt: dead!.attempt,
        attemptedAt: now,
        statusCode: 503,
        error: null,
        durationMs: 1,
        status: 'pending',
        nextAttemptAt: new Date(now.getTime() + 5000),
      }),
    );
    const [d] = await listNotificationDeliveries(t.db, { notificationIds: [id] });
    expect(d).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      lastStatus: 200,
      nextAttemptAt: null,
    });
    expect(receiver.state.received.filter((r) => r.headers['webhook-id'] === id)).toHaveLength(1);
  });

  it('emails the member over SMTP with the right recipient and subject', async () => {
    const mails: { to: string[]; from: string; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    try {
      await produce('lead.assigned');
      const job = notificationDeliveryJob({
        smtp: { url: `smtp://127.0.0.1:${port}`, from: 'Tandem <tandem@example.test>' },
        publicUrl: undefined,
      });
      await job.handler({ db: t.db, now: new Date() });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toEqual(['rep@example.test']);
      expect(mails[0]!.from).toBe('tandem@example.test');
      expect(mails[0]!.raw).toMatch(/^Subject: Lead assigned: Jane Doe \(Acme\) to Rep\r?$/m);
      expect(mails[0]!.raw).toContain('Hello Rep,');
      const [email] = (await listNotificationDeliveries(t.db)).filter(
        (d) =>
          d.channel === 'email' && d.recipient === 'rep@example.test' && d.status === 'succeeded',
      );
      expect(email).toMatchObject({ attempts: 1, notificationType: 'lead.assigned' });
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
