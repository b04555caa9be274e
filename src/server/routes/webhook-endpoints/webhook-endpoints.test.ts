import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, tableCounts } from '../../../../test/support/test-app.js';
import { listNotificationDeliveries } from '../../../store/deliveries.js';

const url = '/api/v1/webhook-endpoints';

async function apiKey(t: TestApp, scopes: string[]): Promise<string> {
  const res = await t.request(await t.signIn('admin'), {
    method: 'POST',
    url: '/api/v1/api-keys',
    payload: { name: `k${Math.random()}`, scopes },
  });
  return res.json().key as string;
}

describe.each(databaseTargets)('webhook endpoints API ($name)', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => t?.close());

  it('creates a webhook with a secret shown once, lists it without, changes and deletes it, auditing each', async () => {
    const manager = await t.signIn('manager');
    const created = await t.request(manager, {
      method: 'POST',
      url,
      payload: {
        kind: 'webhook',
        url: 'https://hooks.example.com/tandem',
        description: ' CRM sync ',
        eventTypes: ['sla.breached', 'lead.assigned'],
      },
    });
    expect(created.statusCode).toBe(201);
    const e = created.json();
    expect(e).toMatchObject({
      kind: 'webhook',
      url: 'https://hooks.example.com/tandem',
      description: 'CRM sync',
      eventTypes: ['lead.assigned', 'sla.breached'],
      enabled: true,
      disabledReason: null,
    });
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{44}$/);

    const list = await t.request(manager, { method: 'GET', url });
    expect(list.json().items).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain(e.secret);

    const patched = await t.request(manager, {
      method: 'PATCH',
      url: `${url}/${e.id}`,
      payload: { enabled: false, eventTypes: [] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      enabled: false,
      eventTypes: [],
      disabledReason: 'Disabled by a member',
    });
    const again = await t.request(manager, {
      method: 'PATCH',
      url: `${url}/${e.id}`,
      payload: { enabled: true },
    });
    expect(again.json()).toMatchObject({ enabled: true, disabledReason: null });

    expect((await t.request(manager, { method: 'DELETE', url: `${url}/${e.id}` })).statusCode).toBe(
      204,
    );
    expect((await t.request(manager, { method: 'DELETE', url: `${url}/${e.id}` })).statusCode).toBe(
      404,
    );

    const { rows } = await t.db.query<{ action: string; changes: Record<string, unknown> }>(
      `SELECT action, changes FROM audit_log WHERE subject_id = $1 ORDER BY occurred_at, id`,
      [e.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.updated',
      'webhook_endpoint.deleted',
    ]);
    expect(JSON.stringify(rows)).not.toContain(e.secret);
    // Only the origin of a URL is audited: a Slack URL's path is its credential.
    expect(rows[0]!.changes.url).toBe('https://hooks.example.com');
  });

  it('a Slack endpoint has no secret; a test ping is queued as its one delivery', async () => {
    const admin = await t.signIn('admin');
    const created = await t.request(admin, {
      method: 'POST',
      url,
      payload: { kind: 'slack', url: 'https://hooks.slack.example/services/T0/B0/xyz' },
    });
    expect(created.statusCode).toBe(201);
    const e = created.json();
    expect(e.secret).toBeNull();

    const ping = await t.request(admin, { method: 'POST', url: `${url}/${e.id}/test` });
    expect(ping.statusCode).toBe(202);
    const deliveries = await t.request(admin, { method: 'GET', url: `${url}/${e.id}/deliveries` });
    expect(deliveries.json()).toEqual({
      items: [
        expect.objectContaining({
          id: ping.json().deliveryId,
          notificationType: 'test.ping',
          status: 'pending',
          attempts: 0,
          lastStatus: null,
        }),
      ],
      nextCursor: null,
    });
    const [d] = await listNotificationDeliveries(t.db, {
      notificationIds: [ping.json().notificationId],
    });
    expect(d).toMatchObject({ channel: 'slack', status: 'pending' });

    await t.request(admin, { method: 'PATCH', url: `${url}/${e.id}`, payload: { enabled: false } });
    const refused = await t.request(admin, { method: 'POST', url: `${url}/${e.id}/test` });
    expect(refused.statusCode).toBe(409);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const manager = await t.signIn('manager');
    const before = await tableCounts(t.db);
    const endpointsBefore = (
      await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints')
    ).rows[0]!.n;
    for (const [payload, field] of [
      [{ kind: 'webhook', url: 'ftp://example.com/x' }, 'url'],
      [{ kind: 'webhook', url: 'https://' }, 'url'],
      [{ kind: 'email', url: 'https://example.com' }, 'kind'],
      [{ kind: 'webhook', url: 'https://example.com', eventTypes: ['sla.nope'] }, 'eventTypes'],
      [{ kind: 'webhook', url: 'https://example.com', secret: 'mine' }, 'secret'],
    ] as const) {
      const res = await t.request(manager, { method: 'POST', url, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json().errors ?? res.json().detail)).toContain(field);
    }
    expect(await tableCounts(t.db)).toEqual(before);
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_endpoints',
    );
    expect(rows[0]!.n).toBe(endpointsBefore);
  });

  it('is for admins and sales managers; API keys need the admin scope', async () => {
    for (const name of ['rep', 'marketer'] as const) {
      const caller = await t.signIn(name);
      const res = await t.request(caller, { method: 'GET', url });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toContain('manage webhook and Slack endpoints');
    }
    const write = await apiKey(t, ['write']);
    expect(
      (await t.request(null, { method: 'GET', url, headers: { authorization: `Bearer ${write}` } }))
        .statusCode,
    ).toBe(403);
    const admin = await apiKey(t, ['admin']);
    expect(
      (await t.request(null, { method: 'GET', url, headers: { authorization: `Bearer ${admin}` } }))
        .statusCode,
    ).toBe(200);
    // An API key has no in-app notifications of its own.
    expect(
      (
        await t.request(null, {
          method: 'GET',
          url: '/api/v1/notifications',
          headers: { authorization: `Bearer ${admin}` },
        })
      ).statusCode,
    ).toBe(403);
  });
});
