import { memberActor } from '../../src/core/roles.js';
import { activateRoutingVersion } from '../../src/services/routing/activate-routing-version.js';
import { findMemberById, findTeamByName } from '../../src/store/members.js';
import type { TestApp } from './test-app.js';

/** The key a website's tracking snippet holds, minted by the admin through the API as a workspace would. */
export async function createIngestKey(t: TestApp): Promise<string> {
  const admin = await t.signIn('admin');
  return (
    await t.request(admin, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'site', scopes: ['ingest'] },
    })
  ).json().key;
}

/** Routes every lead to the test app's Inbound team round robin (version 1, by the manager); returns the team's id. */
export async function routeInboundRoundRobin(t: TestApp): Promise<string> {
  const teamId = (await findTeamByName(t.db, 'Inbound'))!.id;
  await activateRoutingVersion({
    db: t.db,
    actor: memberActor((await findMemberById(t.db, t.members.manager))!),
    document: { rules: [], fallback: { teamId, strategy: 'round_robin' } },
  });
  return teamId;
}

/** Enough fit (director in marketing) and engagement (demo request, contact form, pricing) for MQL under the default model. */
export function qualifyingEvents(userId: string, email: string): Record<string, unknown>[] {
  return [
    {
      type: 'identify',
      userId,
      traits: { email, title: 'Head of Demand Generation', department: 'marketing' },
    },
    { type: 'track', userId, event: 'Form Submitted', properties: { form: 'demo-request' } },
    { type: 'track', userId, event: 'Form Submitted', properties: { form: 'contact-us' } },
    ...[1, 2, 3].map(() => ({ type: 'page', userId, properties: { path: '/pricing' } })),
  ];
}
