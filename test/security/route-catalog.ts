import type { InjectOptions } from 'fastify';
import { defaultDefinitions } from '../../src/core/definitions.js';
import { exitFor } from '../../src/core/lifecycle.js';
import type { Permission } from '../../src/core/policy.js';
import { type Actor, type ApiKeyScope, type Role, sideOfRole } from '../../src/core/roles.js';
import { defaultScoringModel } from '../../src/core/scoring/default-model.js';
import { defaultContract } from '../../src/core/sla/contract.js';
import { findContact, insertContact } from '../../src/store/contacts.js';
import { findTeamByName } from '../../src/store/members.js';
import type { TestApp, TestMemberName } from '../support/test-app.js';

/**
 * Every route of the API with what it needs to be called and who may call it.
 * Who may is a Permission from src/core/policy.ts, so the expectation is the
 * policy's `can`, not a per-route list of statuses; the few routes outside the
 * policy say which group of callers they serve.
 */
export type Access =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** API keys only, as the policy says: a browser session has no write key to send. */
  | { kind: 'key'; permission: Permission }
  /** A signed-in member only: API keys have no inbox of their own. */
  | { kind: 'member' }
  | { kind: 'policy'; permission: Permission };

export interface Caller {
  label: string;
  /** null = anonymous. */
  actor: Actor | null;
  role?: Role;
  scope?: ApiKeyScope;
  memberName?: TestMemberName;
  headers: Record<string, string>;
}

export interface RouteSpec {
  /** Who may call it, given the state of the fixtures right before the call. */
  access(f: Fixtures, caller: Caller): Access | Promise<Access>;
  request(f: Fixtures, caller: Caller): InjectOptions;
  /** Why a route that changes nothing, or that keeps its own record instead of an audit entry, writes no audit row. */
  noAudit?: string;
  /** Why a read key may get a 2xx from this POST or DELETE: it reads, or changes no shared data. */
  readOnly?: string;
}

export interface Fixtures {
  t: TestApp;
  teamId: string;
  /** One lead per lifecycle action, each owned by otherRep, in the stage the action starts from. */
  leads: Record<'plain' | 'accept' | 'reject' | 'qualify' | 'opportunity' | 'won' | 'lost', string>;
  accountId: string;
  scoringDraftId: string;
  /** A second draft, to retire: the first is activated by then, and an active version cannot be retired. */
  retireDraftId: string;
  definitionsVersionId: string;
  slaVersion: number;
  endpointId: string;
  awayPeriodId: string;
  importId: string;
  keyToRevoke: string;
  writeKey: string;
}

const policy = (permission: Permission): Access => ({ kind: 'policy', permission });
const someId = '00000000-0000-4000-8000-000000000000';
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

async function leadPermission(
  f: Fixtures,
  id: string,
  to: string | ((stage: string) => string),
): Promise<Access> {
  const contact = (await findContact(f.t.db, id))!;
  const stages = defaultDefinitions.stages;
  const from = stages.find((s) => s.key === contact.lifecycleStage) ?? null;
  const toKey = typeof to === 'string' ? to : to(contact.lifecycleStage);
  const target = stages.find((s) => s.key === toKey)!;
  return policy({ action: 'contact.change_stage', ownerId: contact.ownerId, from, to: target });
}

async function ownerOf(f: Fixtures, id: string): Promise<string | null> {
  return (await findContact(f.t.db, id))!.ownerId;
}

const get = (url: string) => () => ({ method: 'GET' as const, url });

/** Which side a caller signs for: their own; an admin names one. */
function signSide(caller: Caller): 'marketing' | 'sales' {
  const own = caller.role ? sideOfRole(caller.role) : 'sales';
  return own === 'both' ? 'sales' : own;
}

const trackingRoute: RouteSpec = {
  access: () => ({ kind: 'key', permission: { action: 'ingest' } }),
  request: () => ({
    method: 'POST',
    url: '',
    payload: {
      userId: `u-${unique()}`,
      event: 'Viewed',
      groupId: 'acme',
      previousId: `anon-${unique()}`,
      traits: { email: 'x@y.test' },
    },
  }),
  noAudit:
    'a tracking event is its own record (events table), as DESIGN §6 keeps ingest append-only',
};

export const catalog: Record<string, RouteSpec> = {
  'GET /healthz': { access: () => ({ kind: 'public' }), request: get('/healthz') },
  'GET /readyz': { access: () => ({ kind: 'public' }), request: get('/readyz') },
  ...Object.fromEntries(
    ['identify', 'track', 'page', 'screen', 'group', 'alias'].map((type) => [
      `POST /v1/${type}`,
      {
        ...trackingRoute,
        request: (f: Fixtures, c: Caller) => ({
          ...trackingRoute.request(f, c),
          url: `/v1/${type}`,
        }),
      },
    ]),
  ),
  'POST /v1/batch': {
    ...trackingRoute,
    request: () => ({
      method: 'POST',
      url: '/v1/batch',
      payload: { batch: [{ type: 'track', userId: `u-${unique()}`, event: 'Viewed' }] },
    }),
  },
  'POST /api/v1/session': {
    access: () => ({ kind: 'public' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'rep@example.test', password: 'correct horse battery' },
    }),
    readOnly: 'signing in is public: the key plays no part in it',
  },
  'DELETE /api/v1/session': {
    access: () => policy({ action: 'api.call' }),
    request: () => ({ method: 'DELETE', url: '/api/v1/session' }),
    readOnly: 'a key has no session to end: nothing is written',
  },
  'GET /api/v1/me': { access: () => policy({ action: 'api.call' }), request: get('/api/v1/me') },

  // Contacts
  'GET /api/v1/contacts': {
    access: () => policy({ action: 'contact.read' }),
    request: get('/api/v1/contacts'),
  },
  'POST /api/v1/contacts': {
    access: (f) => policy({ action: 'contact.create', ownerId: f.t.members.otherRep }),
    request: (f) => ({
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: `new-${unique()}@example.test`, ownerId: f.t.members.otherRep },
    }),
  },
  'GET /api/v1/contacts/export': {
    access: () => policy({ action: 'contact.read' }),
    request: get('/api/v1/contacts/export'),
  },
  'GET /api/v1/contacts/{id}': {
    access: () => policy({ action: 'contact.read' }),
    request: (f) => get(`/api/v1/contacts/${f.leads.plain}`)(),
  },
  'PATCH /api/v1/contacts/{id}': {
    access: async (f) =>
      policy({ action: 'contact.update', ownerId: await ownerOf(f, f.leads.plain) }),
    request: (f) => ({
      method: 'PATCH',
      url: `/api/v1/contacts/${f.leads.plain}`,
      payload: { title: `Title ${unique()}` },
    }),
  },
  'GET /api/v1/contacts/{id}/events': {
    access: () => policy({ action: 'contact.read' }),
    request: (f) => get(`/api/v1/contacts/${f.leads.plain}/events`)(),
  },
  'GET /api/v1/contacts/{id}/transitions': {
    access: () => policy({ action: 'contact.read' }),
    request: (f) => get(`/api/v1/contacts/${f.leads.plain}/transitions`)(),
  },
  'POST /api/v1/contacts/{id}/transitions': {
    access: (f) =>
      leadPermission(f, f.leads.plain, (stage) => (stage === 'lead' ? 'subscriber' : 'lead')),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.plain}/transitions`,
      payload: { to: 'lead' },
    }),
  },
  'GET /api/v1/contacts/{id}/brief': {
    access: () => policy({ action: 'contact.read' }),
    request: (f) => get(`/api/v1/contacts/${f.leads.accept}/brief`)(),
  },
  'POST /api/v1/contacts/{id}/accept': {
    access: (f) => leadPermission(f, f.leads.accept, 'sal'),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.accept}/accept`,
      payload: {},
    }),
  },
  'POST /api/v1/contacts/{id}/reject': {
    access: (f) =>
      leadPermission(f, f.leads.reject, exitFor(defaultDefinitions, 'reject', 'student')),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.reject}/reject`,
      payload: { reasonCode: 'student' },
    }),
  },
  'PUT /api/v1/contacts/{id}/qualification': {
    access: async (f) =>
      policy({ action: 'lead.qualify', ownerId: await ownerOf(f, f.leads.qualify) }),
    request: (f) => ({
      method: 'PUT',
      url: `/api/v1/contacts/${f.leads.qualify}/qualification`,
      payload: { answers: { budget: `Budget ${unique()}` } },
    }),
  },
  'POST /api/v1/contacts/{id}/qualify': {
    access: (f) => leadPermission(f, f.leads.qualify, 'sql'),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.qualify}/qualify`,
      payload: {
        answers: { budget: '10k', authority: 'CMO', need: 'Pipeline', timeline: 'Q3' },
      },
    }),
  },
  'POST /api/v1/contacts/{id}/opportunity': {
    access: (f) => leadPermission(f, f.leads.opportunity, 'opportunity'),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.opportunity}/opportunity`,
      payload: { amount: 1000 },
    }),
  },
  'POST /api/v1/contacts/{id}/won': {
    access: (f) => leadPermission(f, f.leads.won, 'customer'),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.won}/won`,
      payload: { amount: 5000 },
    }),
  },
  'POST /api/v1/contacts/{id}/lost': {
    access: (f) =>
      leadPermission(f, f.leads.lost, exitFor(defaultDefinitions, 'lost', 'lost_price')),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.lost}/lost`,
      payload: { reasonCode: 'lost_price' },
    }),
  },
  'POST /api/v1/contacts/{id}/attempts': {
    access: async (f) =>
      policy({ action: 'lead.log_activity', ownerId: await ownerOf(f, f.leads.plain) }),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/contacts/${f.leads.plain}/attempts`,
      payload: { channel: 'call', outcome: 'no_answer' },
    }),
  },
  'GET /api/v1/contacts/{id}/score': {
    access: () => policy({ action: 'scoring.read' }),
    request: (f) => get(`/api/v1/contacts/${f.leads.plain}/score`)(),
  },
  'GET /api/v1/contacts/{id}/score-history': {
    access: () => policy({ action: 'scoring.read' }),
    request: (f) => get(`/api/v1/contacts/${f.leads.plain}/score-history`)(),
  },

  // Scoring
  'GET /api/v1/scoring/models': {
    access: () => policy({ action: 'scoring.read' }),
    request: get('/api/v1/scoring/models'),
  },
  'POST /api/v1/scoring/models': {
    access: () => policy({ action: 'scoring.manage' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/scoring/models',
      payload: { name: `Draft ${unique()}`, document: defaultScoringModel },
    }),
  },
  'GET /api/v1/scoring/models/{id}': {
    access: () => policy({ action: 'scoring.read' }),
    request: (f) => get(`/api/v1/scoring/models/${f.scoringDraftId}`)(),
  },
  'PUT /api/v1/scoring/models/{id}': {
    access: () => policy({ action: 'scoring.manage' }),
    request: (f) => ({
      method: 'PUT',
      url: `/api/v1/scoring/models/${f.scoringDraftId}`,
      payload: { name: `Renamed ${unique()}`, document: defaultScoringModel },
    }),
  },
  'POST /api/v1/scoring/models/{id}/activate': {
    access: () => policy({ action: 'scoring.manage' }),
    request: (f) => ({
      method: 'POST',
      url: `/api/v1/scoring/models/${f.scoringDraftId}/activate`,
    }),
  },
  'POST /api/v1/scoring/models/{id}/retire': {
    access: () => policy({ action: 'scoring.manage' }),
    request: (f) => ({ method: 'POST', url: `/api/v1/scoring/models/${f.retireDraftId}/retire` }),
  },
  'POST /api/v1/scoring/validate': {
    access: () => policy({ action: 'scoring.read' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/scoring/validate',
      payload: { document: defaultScoringModel },
    }),
    noAudit: 'checks a document and stores nothing',
    readOnly: 'checks a document and stores nothing',
  },
  'GET /api/v1/scoring/rescores': {
    access: () => policy({ action: 'scoring.read' }),
    request: get('/api/v1/scoring/rescores'),
  },
  'GET /api/v1/scoring/rescores/{id}': {
    access: () => policy({ action: 'scoring.read' }),
    request: get(`/api/v1/scoring/rescores/${someId}`),
  },
  'POST /api/v1/scoring/backtests': {
    access: () => policy({ action: 'scoring.read' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/scoring/backtests',
      payload: { document: defaultScoringModel },
    }),
    noAudit: 'replays a document over history and stores nothing',
    readOnly: 'replays a document over history and stores nothing',
  },

  // Accounts
  'GET /api/v1/accounts': {
    access: () => policy({ action: 'account.read' }),
    request: get('/api/v1/accounts'),
  },
  'POST /api/v1/accounts': {
    access: () => policy({ action: 'account.write' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: `d${unique()}.example`, name: 'Acme' },
    }),
  },
  'GET /api/v1/accounts/{id}': {
    access: () => policy({ action: 'account.read' }),
    request: (f) => get(`/api/v1/accounts/${f.accountId}`)(),
  },
  'PATCH /api/v1/accounts/{id}': {
    access: () => policy({ action: 'account.write' }),
    request: (f) => ({
      method: 'PATCH',
      url: `/api/v1/accounts/${f.accountId}`,
      payload: { name: `Acme ${unique()}` },
    }),
  },

  // Stages and definitions
  'GET /api/v1/stages': {
    access: () => policy({ action: 'stages.read' }),
    request: get('/api/v1/stages'),
  },
  'GET /api/v1/definitions': {
    access: () => policy({ action: 'stages.read' }),
    request: get('/api/v1/definitions'),
  },
  'GET /api/v1/definitions/versions': {
    access: () => policy({ action: 'stages.read' }),
    request: get('/api/v1/definitions/versions'),
  },
  'POST /api/v1/definitions/versions': {
    access: () => policy({ action: 'stages.propose' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/definitions/versions',
      payload: { document: defaultDefinitions, summary: `proposal ${unique()}` },
    }),
  },
  'GET /api/v1/definitions/versions/{id}': {
    access: () => policy({ action: 'stages.read' }),
    request: (f) => get(`/api/v1/definitions/versions/${f.definitionsVersionId}`)(),
  },
  'POST /api/v1/definitions/versions/{id}/signatures': {
    access: (_f, c) => policy({ action: 'definitions.sign', side: signSide(c) }),
    request: (f, c) => ({
      method: 'POST',
      url: `/api/v1/definitions/versions/${f.definitionsVersionId}/signatures`,
      payload: c.role === 'admin' ? { side: 'sales' } : {},
    }),
  },
  'GET /api/v1/personas': {
    access: () => policy({ action: 'stages.read' }),
    request: get('/api/v1/personas'),
  },

  // Members
  'GET /api/v1/members': {
    access: () => policy({ action: 'member.read' }),
    request: get('/api/v1/members'),
  },
  'PUT /api/v1/members/{id}/calendar': {
    access: (f) => policy({ action: 'member.set_availability', memberId: f.t.members.otherRep }),
    request: (f) => ({
      method: 'PUT',
      url: `/api/v1/members/${f.t.members.otherRep}/calendar`,
      payload: { calendar: null },
    }),
  },
  'GET /api/v1/members/{id}/away-periods': {
    access: () => policy({ action: 'member.read' }),
    request: (f) => get(`/api/v1/members/${f.t.members.otherRep}/away-periods`)(),
  },
  'POST /api/v1/members/{id}/away-periods': {
    access: (f) => policy({ action: 'member.set_availability', memberId: f.t.members.otherRep }),
    request: (f) => {
      const start = Date.UTC(2031, 0, 1) + (counter++ % 300) * 86_400_000 * 3;
      return {
        method: 'POST',
        url: `/api/v1/members/${f.t.members.otherRep}/away-periods`,
        payload: {
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 86_400_000).toISOString(),
        },
      };
    },
  },
  'DELETE /api/v1/members/{id}/away-periods/{periodId}': {
    access: (f) => policy({ action: 'member.set_availability', memberId: f.t.members.otherRep }),
    request: (f) => ({
      method: 'DELETE',
      url: `/api/v1/members/${f.t.members.otherRep}/away-periods/${f.awayPeriodId}`,
    }),
  },

  // API keys
  'GET /api/v1/api-keys': {
    access: () => policy({ action: 'api_key.manage' }),
    request: get('/api/v1/api-keys'),
  },
  'POST /api/v1/api-keys': {
    access: () => policy({ action: 'api_key.manage' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: `k-${unique()}`, scopes: ['read'] },
    }),
  },
  'DELETE /api/v1/api-keys/{id}': {
    access: () => policy({ action: 'api_key.manage' }),
    request: (f) => ({ method: 'DELETE', url: `/api/v1/api-keys/${f.keyToRevoke}` }),
  },

  // Imports
  'POST /api/v1/imports': {
    access: () => policy({ action: 'import' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/imports',
      payload: {
        kind: 'contacts',
        csv: `email\nimported-${unique()}@example.test\n`,
        fileName: 'a.csv',
      },
    }),
  },
  'GET /api/v1/imports': {
    access: () => policy({ action: 'import' }),
    request: get('/api/v1/imports'),
  },
  'GET /api/v1/imports/{id}': {
    access: () => policy({ action: 'import' }),
    request: (f) => get(`/api/v1/imports/${f.importId}`)(),
  },

  // Plan
  'GET /api/v1/plan': {
    access: () => policy({ action: 'reports.read' }),
    request: get('/api/v1/plan'),
  },
  'PUT /api/v1/plan/{month}': {
    access: () => policy({ action: 'plan.manage' }),
    request: () => ({
      method: 'PUT',
      url: '/api/v1/plan/2030-01',
      payload: { revenueTarget: 1000 + (counter++ % 1000) },
    }),
  },

  // Notifications
  'GET /api/v1/notifications': {
    access: () => ({ kind: 'member' }),
    request: get('/api/v1/notifications'),
  },
  'POST /api/v1/notifications/read': {
    access: () => ({ kind: 'member' }),
    request: () => ({ method: 'POST', url: '/api/v1/notifications/read', payload: { all: true } }),
    noAudit:
      "marks the caller's own notifications read: personal reading state, not a change to shared data",
  },
  'GET /api/v1/webhook-endpoints': {
    access: () => policy({ action: 'notifications.manage' }),
    request: get('/api/v1/webhook-endpoints'),
  },
  'POST /api/v1/webhook-endpoints': {
    access: () => policy({ action: 'notifications.manage' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      payload: { kind: 'webhook', url: `https://hooks.example.test/${unique()}` },
    }),
  },
  'PATCH /api/v1/webhook-endpoints/{id}': {
    access: () => policy({ action: 'notifications.manage' }),
    request: (f) => ({
      method: 'PATCH',
      url: `/api/v1/webhook-endpoints/${f.endpointId}`,
      payload: { description: `d ${unique()}` },
    }),
  },
  'DELETE /api/v1/webhook-endpoints/{id}': {
    access: () => policy({ action: 'notifications.manage' }),
    request: (f) => ({ method: 'DELETE', url: `/api/v1/webhook-endpoints/${f.endpointId}` }),
  },
  'GET /api/v1/webhook-endpoints/{id}/deliveries': {
    access: () => policy({ action: 'notifications.manage' }),
    request: (f) => get(`/api/v1/webhook-endpoints/${f.endpointId}/deliveries`)(),
  },
  'GET /api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/attempts': {
    access: () => policy({ action: 'notifications.manage' }),
    request: (f) =>
      get(`/api/v1/webhook-endpoints/${f.endpointId}/deliveries/${someId}/attempts`)(),
  },
  'POST /api/v1/webhook-endpoints/{id}/test': {
    access: () => policy({ action: 'notifications.manage' }),
    request: (f) => ({ method: 'POST', url: `/api/v1/webhook-endpoints/${f.endpointId}/test` }),
  },

  // SLA
  'GET /api/v1/sla/contracts': {
    access: () => policy({ action: 'sla.read' }),
    request: get('/api/v1/sla/contracts'),
  },
  'POST /api/v1/sla/contracts': {
    access: () => policy({ action: 'sla.propose' }),
    request: () => ({
      method: 'POST',
      url: '/api/v1/sla/contracts',
      payload: { document: defaultContract() },
    }),
  },
  'GET /api/v1/sla/contract': {
    access: () => policy({ action: 'sla.read' }),
    request: get('/api/v1/sla/contract'),
  },
  'POST /api/v1/sla/contracts/{version}/sign': {
    access: (_f, c) => policy({ action: 'sla.sign', side: signSide(c) }),
    request: (f, c) => ({
      method: 'POST',
      url: `/api/v1/sla/contracts/${f.slaVersion}/sign`,
      payload: c.role === 'admin' ? { side: 'sales' } : {},
    }),
  },
  'GET /api/v1/sla/scorecards': {
    access: () => policy({ action: 'sla.read' }),
    request: get('/api/v1/sla/scorecards'),
  },
  // The caller's own queue of leads: a key has none.
  'GET /api/v1/inbox': {
    access: () => ({ kind: 'member' }),
    request: get('/api/v1/inbox'),
  },
  'GET /api/v1/sla/breaches': {
    access: () => policy({ action: 'sla.read_breaches' }),
    request: get('/api/v1/sla/breaches'),
  },

  // Routing
  'GET /api/v1/routing': {
    access: () => policy({ action: 'member.read' }),
    request: get('/api/v1/routing'),
  },
  'POST /api/v1/routing/versions': {
    access: () => policy({ action: 'routing.manage' }),
    request: (f) => ({
      method: 'POST',
      url: '/api/v1/routing/versions',
      payload: { document: { rules: [], fallback: { teamId: f.teamId, strategy: 'round_robin' } } },
    }),
  },
};

/**
 * Report pages come and go with the reports work; every GET under /api/v1/reports
 * is a shared report, readable by anyone with reports.read.
 */
export function specFor(route: string): RouteSpec | undefined {
  const spec = catalog[route];
  if (spec) return spec;
  const m = /^GET (\/api\/v1\/reports\/[^{}]+)$/.exec(route);
  if (m) return { access: () => policy({ action: 'reports.read' }), request: get(m[1]!) };
  return undefined;
}

/** The resources the catalog's requests point at, each made the way a workspace would make it. */
export async function makeFixtures(t: TestApp): Promise<Fixtures> {
  const teamId = (await findTeamByName(t.db, 'Inbound'))!.id;
  const admin = await t.signIn('admin');
  const marketer = await t.signIn('marketer');
  const manager = await t.signIn('manager');
  const as = async (who: typeof admin, options: InjectOptions, status: number) => {
    const res = await t.request(who, options);
    if (res.statusCode !== status)
      throw new Error(`fixture ${options.method} ${options.url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const lead = (stage: string) =>
    insertContact(t.db, {
      email: `${stage}-${unique()}@example.test`,
      lifecycleStage: stage,
      ownerId: t.members.otherRep,
    });
  const leads = {
    plain: await lead('subscriber'),
    accept: await lead('mql'),
    reject: await lead('mql'),
    qualify: await lead('sal'),
    opportunity: await lead('sql'),
    won: await lead('opportunity'),
    lost: await lead('opportunity'),
  };
  const accountId = (
    await as(
      marketer,
      {
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { domain: 'fixture.example', name: 'F' },
      },
      201,
    )
  ).id;
  const scoringDraftId = (
    await as(
      marketer,
      {
        method: 'POST',
        url: '/api/v1/scoring/models',
        payload: { name: 'Fixture draft', document: defaultScoringModel },
      },
      201,
    )
  ).id;
  const retireDraftId = (
    await as(
      marketer,
      {
        method: 'POST',
        url: '/api/v1/scoring/models',
        payload: { name: 'Fixture draft to retire', document: defaultScoringModel },
      },
      201,
    )
  ).id;
  const definitionsVersionId = (
    await as(
      marketer,
      {
        method: 'POST',
        url: '/api/v1/definitions/versions',
        payload: { document: defaultDefinitions },
      },
      201,
    )
  ).id;
  const slaVersion = (
    await as(
      marketer,
      { method: 'POST', url: '/api/v1/sla/contracts', payload: { document: defaultContract() } },
      201,
    )
  ).version;
  const endpointId = (
    await as(
      manager,
      {
        method: 'POST',
        url: '/api/v1/webhook-endpoints',
        payload: { kind: 'webhook', url: 'https://hooks.example.test/fixture' },
      },
      201,
    )
  ).id;
  const awayPeriodId = (
    await as(
      manager,
      {
        method: 'POST',
        url: `/api/v1/members/${t.members.otherRep}/away-periods`,
        payload: { startsAt: '2030-06-01T00:00:00Z', endsAt: '2030-06-02T00:00:00Z' },
      },
      201,
    )
  ).id;
  const importId = (
    await as(
      marketer,
      {
        method: 'POST',
        url: '/api/v1/imports',
        payload: {
          kind: 'contacts',
          csv: 'email\nfixture-import@example.test\n',
          fileName: 'f.csv',
        },
      },
      200,
    )
  ).id;
  const keyToRevoke = (
    await as(
      admin,
      { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'doomed', scopes: ['read'] } },
      201,
    )
  ).apiKey.id;
  const writeKey = (
    await as(
      admin,
      { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'w', scopes: ['write'] } },
      201,
    )
  ).key;
  return {
    t,
    teamId,
    leads,
    accountId,
    scoringDraftId,
    retireDraftId,
    definitionsVersionId,
    slaVersion,
    endpointId,
    awayPeriodId,
    importId,
    keyToRevoke,
    writeKey,
  };
}
