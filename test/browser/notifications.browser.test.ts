import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  type APIRequestContext,
  type Browser,
  type Page,
  request as playwrightRequest,
} from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoPassword,
  launchChromium,
  type RunningTandem,
  shotDir,
  signIn,
  startTandem,
} from '../support/browser.js';

const manager = { email: 'priya.raman@demo.tandem.test', name: 'Priya Raman' };
const rep = { email: 'daniel.kim@demo.tandem.test', name: 'Daniel Kim' };

/** Polls on what the server does: a busy machine answers in seconds, not the default one. */
const patient = { timeout: 15_000 };

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP endpoint on loopback that answers 200 and keeps what it was sent. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tandem-hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Notifications in a real browser: a manager adds a webhook endpoint, copies
 * the secret shown once, sends a test that a real local receiver gets (signed
 * with that secret) and that shows in the endpoint's delivery log; edits,
 * disables and deletes it. A rep's bell counts a lead assigned to them, lists
 * it and marks it read.
 */
describe('notifications in Chromium', () => {
  let tandem: RunningTandem;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let managerApi: { api: APIRequestContext; csrf: string };

  async function pageAs(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, tandem.url, email, demoPassword);
    return page;
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    browser = await launchChromium();
    tandem = await startTandem();
    const api = await playwrightRequest.newContext({ baseURL: tandem.url });
    const res = await api.post('/api/v1/session', {
      data: { email: manager.email, password: demoPassword },
    });
    expect(res.status()).toBe(200);
    managerApi = { api, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  });

  afterAll(async () => {
    await managerApi?.api.dispose();
    await browser?.close();
    await tandem?.stop();
    await receiver?.close();
  });

  it('adds a webhook, shows its secret once, delivers a signed test into the log, edits, disables and deletes it', async () => {
    const page = await pageAs(manager.email);
    await page.goto(`${tandem.url}/settings/notifications`);
    await page.getByTestId('endpoint-add').click();
    await page.getByTestId('endpoint-url').fill(receiver.url);
    await page.getByTestId('endpoint-description').fill('Our CRM bridge');
    await page.getByTestId('endpoint-submit').click();

    const secret = await page.getByTestId('endpoint-secret-value').textContent();
    expect(secret).toMatch(/^whsec_/);
    const card = page.getByTestId('endpoint');
    await card.waitFor();
    expect(await card.getByTestId('endpoint-url-text').textContent()).toBe(receiver.url);
    expect(await card.textContent()).toContain('Our CRM bridge');
    expect(await card.textContent()).toContain('Every event');

    await card.getByTestId('endpoint-test').click();
    const delivery = card.locator('[data-testid=delivery][data-type="test.ping"]');
    await expect
      .poll(() => delivery.getAttribute('data-status'), { timeout: 30_000, interval: 500 })
      .toBe('succeeded');
    expect(await delivery.textContent()).toContain('200');
    await page.screenshot({
      path: path.join(shotDir, 'tandem-notification-settings.png'),
      fullPage: true,
    });

    // The receiver really got it, signed with the secret the page showed.
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    const verified = new Webhook(secret!).verify(
      got.body,
      got.headers as Record<string, string>,
    ) as {
      type: string;
    };
    expect(verified.type).toBe('test.ping');

    // The secret is not shown again after a reload.
    await page.reload();
    await card.waitFor();
    expect(await page.getByTestId('endpoint-secret').count()).toBe(0);

    await card.getByTestId('endpoint-edit').click();
    await card.getByTestId('endpoint-description').fill('CRM bridge (staging)');
    await card.getByTestId('endpoint-submit').click();
    await expect.poll(() => card.textContent(), patient).toContain('CRM bridge (staging)');

    await card.getByTestId('endpoint-enabled').click();
    await expect.poll(() => card.getAttribute('data-enabled'), patient).toBe('false');
    expect(await card.getByTestId('endpoint-test').isDisabled()).toBe(true);
    const listed = await managerApi.api.get('/api/v1/webhook-endpoints');
    const { items } = (await listed.json()) as {
      items: { enabled: boolean; description: string }[];
    };
    expect(items).toEqual([
      expect.objectContaining({ enabled: false, description: 'CRM bridge (staging)' }),
    ]);

    await card.getByTestId('endpoint-delete').click();
    await page.getByTestId('endpoint-delete-confirm').click();
    await page.getByTestId('endpoints-empty').waitFor();
    await page.context().close();
  });

  it("counts a rep's unread notifications on the bell, lists the new lead and marks it read", async () => {
    const page = await pageAs(rep.email);
    const count = page.getByTestId('notification-count');
    await count.waitFor();
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').waitFor();
    if (Number(await count.getAttribute('data-count')) > 0) {
      await page.getByTestId('notification-read-all').click();
      await expect.poll(() => count.getAttribute('data-count'), patient).toBe('0');
    }
    await page.getByTestId('notification-bell').click();

    // The manager hands the rep an MQL someone else (or nobody) had.
    const members = await managerApi.api.get('/api/v1/members');
    const repId = ((await members.json()) as { items: { id: string; email: string }[] }).items.find(
      (m) => m.email === rep.email,
    )!.id;
    const contacts = await managerApi.api.get('/api/v1/contacts?stage=mql&limit=50');
    const lead = (
      (await contacts.json()) as { items: { id: string; ownerId: string | null }[] }
    ).items.find((c) => c.ownerId !== repId)!;
    expect(lead).toBeDefined();
    const res = await managerApi.api.patch(`/api/v1/contacts/${lead.id}`, {
      headers: { 'x-csrf-token': managerApi.csrf },
      data: { ownerId: repId },
    });
    expect(res.status(), await res.text()).toBe(200);

    // The bell polls; a reload shows it at once.
    await page.reload();
    await expect.poll(() => count.getAttribute('data-count'), patient).toBe('1');
    await page.getByTestId('notification-bell').click();
    const item = page.locator('[data-testid=notification][data-type="lead.assigned"]').first();
    await item.waitFor();
    expect(await item.getAttribute('data-read')).toBe('false');
    expect(await item.textContent()).toContain('New lead');
    await page.screenshot({ path: path.join(shotDir, 'tandem-notification-bell.png') });
    await item.getByTestId('notification-mark-read').click();
    await expect.poll(() => count.getAttribute('data-count'), patient).toBe('0');
    await expect.poll(() => item.getAttribute('data-read'), patient).toBe('true');

    // It links to the contact.
    await item.locator('a').click();
    await page.waitForURL(`**/contacts/${lead.id}`);
    await page.context().close();
  });
});
