import { type ApiKeyScope, apiKeyScopes, memberActor, type Role } from '../../src/core/roles.js';
import { findMemberById } from '../../src/store/members.js';
import type { TestApp, TestMemberName } from '../support/test-app.js';
import type { Caller } from './route-catalog.js';

const memberRoles: [TestMemberName, Role][] = [
  ['admin', 'admin'],
  ['marketer', 'marketing'],
  ['manager', 'sales_manager'],
  ['rep', 'sales_rep'],
];

/** A cookie and its CSRF token from a sign-in of its own, so signing it out leaves the others' sessions alone. */
export async function freshSession(
  t: TestApp,
  name: TestMemberName,
): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: `${name}@example.test`, password: 'correct horse battery' },
  });
  const cookie = res.cookies.find((c) => c.name === 'tandem_session')!;
  return { cookie: `tandem_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
}

export async function createKey(
  t: TestApp,
  scopes: ApiKeyScope[],
): Promise<{ id: string; key: string }> {
  const admin = await t.signIn('admin');
  const res = await t.request(admin, {
    method: 'POST',
    url: '/api/v1/api-keys',
    payload: { name: `key ${scopes.join('+')}`, scopes },
  });
  if (res.statusCode !== 201) throw new Error(`key: ${res.statusCode} ${res.body}`);
  return { id: res.json().apiKey.id, key: res.json().key };
}

/** Every kind of caller: the four roles signed in, nobody, and a key of each scope. */
export async function allCallers(t: TestApp): Promise<Caller[]> {
  const callers: Caller[] = [{ label: 'anonymous', actor: null, headers: {} }];
  for (const [name, role] of memberRoles) {
    const member = (await findMemberById(t.db, t.members[name]))!;
    const session = await t.signIn(name);
    callers.push({
      label: role,
      actor: memberActor(member),
      role,
      memberName: name,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
  }
  for (const scope of apiKeyScopes) {
    const { id, key } = await createKey(t, [scope]);
    callers.push({
      label: `${scope} key`,
      actor: { kind: 'api_key', id, scopes: [scope], name: `key ${scope}` },
      scope,
      headers: { authorization: `Bearer ${key}` },
    });
  }
  return callers;
}
