import { memberActor, systemActor } from '../../src/core/roles.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { hashPassword } from '../../src/services/auth/password.js';
import { activateRoutingVersion } from '../../src/services/routing/activate-routing-version.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { findMemberById, insertMember, insertTeam } from '../../src/store/members.js';
import type { RepSession } from './load-clients.js';
import { batchBodies, identifyMessages, type Message, type Person } from './tracking-workload.js';

/**
 * The load benchmark's workspace. Members, routing and the write key are
 * written in this process before the server starts (PGlite's data directory
 * is one process's at a time); the contacts and leads then come through the
 * running server's tracking API, so each lead reached its rep the way real
 * ones do: scored, qualified to MQL, routed round robin, SLA clocks started.
 */
const password = 'load-bench-password';

export interface Workspace {
  writeKey: string;
  repEmails: string[];
}

export async function seedMembers(db: Db, reps: number): Promise<Workspace> {
  await prepareWorkspace(db);
  const teamId = await insertTeam(db, { name: 'Load desk', side: 'sales' });
  // One hash for all: scrypt takes tens of milliseconds each.
  const passwordHash = await hashPassword(password);
  const member = (role: 'sales_rep' | 'sales_manager', n: number) =>
    insertMember(db, {
      email: `${role.replace('_', '-')}-${n}@load.test`,
      name: `${role} ${n}`,
      role,
      teamId,
      timeZone: 'UTC',
      passwordHash,
    });
  const repEmails: string[] = [];
  for (let i = 0; i < reps; i++) {
    await member('sales_rep', i);
    repEmails.push(`sales-rep-${i}@load.test`);
  }
  const manager = (await findMemberById(db, await member('sales_manager', 0)))!;
  await activateRoutingVersion({
    db,
    actor: memberActor(manager),
    document: { rules: [], fallback: { teamId, strategy: 'round_robin' } },
  });
  const { key } = await createApiKey({
    db,
    actor: systemActor,
    name: 'load benchmark',
    scopes: ['ingest'],
  });
  return { writeKey: key, repEmails };
}

/** Enough fit (director in marketing) and engagement (demo request, contact form, pricing) for MQL under the default model. */
function leadMessages(n: number): Message[] {
  const userId = `lead-${n}`;
  const messages: Record<string, unknown>[] = [
    {
      type: 'identify',
      userId,
      traits: {
        email: `lead-${n}@load.example`,
        title: 'Head of Demand Generation',
        department: 'marketing',
      },
    },
    { type: 'track', userId, event: 'Form Submitted', properties: { form: 'demo-request' } },
    { type: 'track', userId, event: 'Form Submitted', properties: { form: 'contact-us' } },
    ...[1, 2, 3].map(() => ({ type: 'page', userId, properties: { path: '/pricing' } })),
  ];
  return messages.map((m, i) => ({ ...m, messageId: `seed-lead-${n}-${i}` }));
}

async function postSeed(url: string, auth: string, bodies: string[], expected: number) {
  let stored = 0;
  for (const body of bodies) {
    const response = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`seeding answered ${response.status}: ${text}`);
    stored += (JSON.parse(text) as { stored: number }).stored;
  }
  if (stored !== expected) throw new Error(`seeding stored ${stored} of ${expected} messages`);
}

/**
 * Identifies the workload's people, sends each lead's qualifying events (one
 * lead's in one batch, identify first), signs every rep in and reads their
 * inbox, which must hold their share of the leads.
 */
export async function seedThroughServer(input: {
  url: string;
  writeKeyAuth: string;
  people: readonly Person[];
  repEmails: readonly string[];
  leadsPerRep: number;
}): Promise<RepSession[]> {
  const { url, writeKeyAuth, people, repEmails, leadsPerRep } = input;
  await postSeed(
    url,
    writeKeyAuth,
    batchBodies(identifyMessages(people, 'seed'), 100),
    people.length,
  );
  const leads = Array.from({ length: repEmails.length * leadsPerRep }, (_, n) => leadMessages(n));
  const perBody = Math.max(1, Math.floor(100 / leads[0]!.length));
  const bodies: string[] = [];
  for (let i = 0; i < leads.length; i += perBody)
    bodies.push(JSON.stringify({ batch: leads.slice(i, i + perBody).flat() }));
  await postSeed(url, writeKeyAuth, bodies, leads.flat().length);

  const sessions: RepSession[] = [];
  for (const email of repEmails) {
    const signIn = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (signIn.status !== 200)
      throw new Error(`sign-in of ${email} answered ${signIn.status}: ${await signIn.text()}`);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const inbox = await fetch(`${url}/api/v1/inbox`, { headers: { cookie } });
    if (inbox.status !== 200)
      throw new Error(`inbox of ${email} answered ${inbox.status}: ${await inbox.text()}`);
    const { items } = (await inbox.json()) as { items: { contact: { id: string } }[] };
    // Round robin over reps who all start empty gives each exactly their share.
    if (items.length !== leadsPerRep)
      throw new Error(`${email}'s inbox holds ${items.length} leads, ${leadsPerRep} expected`);
    sessions.push({ email, cookie, csrfToken, leadIds: items.map((i) => i.contact.id) });
  }
  return sessions;
}
