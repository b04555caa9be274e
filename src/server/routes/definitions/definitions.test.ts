import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import {
  type Caller,
  startTestApp,
  type TestApp,
  type TestMemberName,
  tableCounts,
} from '../../../../test/support/test-app.js';
import { type Definitions, defaultDefinitions, type Persona } from '../../../core/definitions.js';

interface Version {
  id: string;
  version: number;
  status: 'proposed' | 'active' | 'superseded';
  activatedAt: string | null;
  proposedBy: { id: string; name: string } | null;
  document: Definitions;
  signatures: { member: { id: string; name: string }; side: string; note: string | null }[];
  rematch: { status: string; done: number; total: number; finishedAt: string | null } | null;
}

function withMqlText(text: string): Definitions {
  return {
    ...structuredClone(defaultDefinitions),
    stages: defaultDefinitions.stages.map((s) =>
      s.key === 'mql' ? { ...s, definition: text } : s,
    ),
  };
}

async function apiKey(t: TestApp, scopes: string[]): Promise<string> {
  const res = await t.request(await t.signIn('admin'), {
    method: 'POST',
    url: '/api/v1/api-keys',
    payload: { name: `k${Math.random()}`, scopes },
  });
  expect(res.statusCode).toBe(201);
  return res.json().key as string;
}

describe.each(databaseTargets)('definitions API on $name', (target) => {
  let t: TestApp;
  const as = (name: TestMemberName) => t.signIn(name);

  async function propose(who: Caller, document: unknown, summary?: string) {
    return t.request(who, {
      method: 'POST',
      url: '/api/v1/definitions/versions',
      payload: { document, ...(summary ? { summary } : {}) },
    });
  }
  async function sign(who: Caller, id: string, body: Record<string, unknown> = {}) {
    return t.request(who, {
      method: 'POST',
      url: `/api/v1/definitions/versions/${id}/signatures`,
      payload: body,
    });
  }
  async function inForce(): Promise<Version> {
    const res = await t.request(await as('rep'), { method: 'GET', url: '/api/v1/definitions' });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  async function version(id: string): Promise<Version> {
    const res = await t.request(await as('rep'), {
      method: 'GET',
      url: `/api/v1/definitions/versions/${id}`,
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the seeded definitions in force: the default document, unsigned', async () => {
    const v = await inForce();
    expect(v).toMatchObject({ version: 1, status: 'active', proposedBy: null, signatures: [] });
    expect(v.document).toEqual(defaultDefinitions);
    expect(v.rematch).toBeNull();
  });

  it('refuses a bad document with every problem by path, writing nothing', async () => {
    const marketer = await as('marketer');
    const before = await tableCounts(t.db);
    const bad = structuredClone(defaultDefinitions) as unknown as Record<string, unknown[]>;
    (bad.stages![0] as Record<string, unknown>).allowedTransitions = ['nowhere'];
    (bad.personas![0] as Record<string, unknown>).criteria = { op: 'persona', personas: ['x'] };
    (bad.reasonCodes![0] as Record<string, unknown>).outcome = 'sal';
    const res = await propose(marketer, bad);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([
      {
        field: 'document/stages/0/allowedTransitions/0',
        message: '"nowhere" is not a stage in this version',
      },
      {
        field: 'document/personas/0/criteria/op',
        message: 'persona criteria cannot name personas',
      },
      {
        field: 'document/reasonCodes/0/outcome',
        message: 'must be an exit stage (recycled, disqualified)',
      },
    ]);
    const missing = await propose(marketer, undefined);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ field: 'document', message: 'is required' }]);
    const notObject = await propose(marketer, ['stages']);
    expect(notObject.json().errors).toEqual([{ field: 'document', message: 'must be an object' }]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('lets neither a rep nor a write-scoped API key propose (403, nothing written)', async () => {
    const rep = await as('rep');
    const before = await tableCounts(t.db);
    expect((await propose(rep, defaultDefinitions)).statusCode).toBe(403);
    const key = await apiKey(t, ['write']);
    const counted = await tableCounts(t.db);
    const res = await t.request(null, {
      method: 'POST',
      url: '/api/v1/definitions/versions',
      headers: { authorization: `Bearer ${key}` },
      payload: { document: defaultDefinitions },
    });
    expect(res.statusCode).toBe(403);
    expect(await tableCounts(t.db)).toEqual(counted);
    expect(counted.stage_definition_versions).toBe(before.stage_definition_versions);
  });

  let v2: Version;

  it('records a proposal that changes nothing until both sides sign', async () => {
    const res = await propose(await as('marketer'), withMqlText('Score ≥ 60.'), 'Tighter MQL');
    expect(res.statusCode).toBe(201);
    v2 = res.json();
    expect(v2).toMatchObject({
      version: 2,
      status: 'proposed',
      activatedAt: null,
      proposedBy: { id: t.members.marketer, name: 'Marketer' },
      signatures: [],
    });
    expect((await inForce()).version).toBe(1);
  });

  it('leaves a version proposed when only a rep signed, and refuses signing twice', async () => {
    const rep = await as('rep');
    const res = await sign(rep, v2.id, { note: 'Fine by the EMEA team' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'proposed',
      signatures: [
        {
          member: { id: t.members.rep, name: 'Rep' },
          side: 'sales',
          note: 'Fine by the EMEA team',
        },
      ],
    });
    const again = await sign(rep, v2.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already signed version 2 \(for sales\)/);
    expect((await version(v2.id)).signatures).toHaveLength(1);
  });

  it('refuses a sales member signing for marketing, an admin without a side, and API keys', async () => {
    await Promise.all([as('manager'), as('admin')]);
    const before = await tableCounts(t.db);
    const wrongSide = await sign(await as('manager'), v2.id, { side: 'marketing' });
    expect(wrongSide.statusCode).toBe(403);
    expect(wrongSide.json().detail).toBe('A sales manager signs for sales, not for marketing');
    const noSide = await sign(await as('admin'), v2.id);
    expect(noSide.statusCode).toBe(400);
    expect(noSide.json().errors).toEqual([
      { field: 'side', message: 'is required for an admin: marketing or sales' },
    ]);
    const badSide = await sign(await as('admin'), v2.id, { side: 'finance' });
    expect(badSide.statusCode).toBe(400);
    for (const scopes of [['admin'], ['write']]) {
      const key = await apiKey(t, scopes);
      const counted = await tableCounts(t.db);
      const res = await t.request(null, {
        method: 'POST',
        url: `/api/v1/definitions/versions/${v2.id}/signatures`,
        headers: { authorization: `Bearer ${key}` },
        payload: { side: 'sales' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/API key cannot sign/);
      expect(await tableCounts(t.db)).toEqual(counted);
    }
    const after = await tableCounts(t.db);
    expect(after.stage_definition_signatures).toBe(before.stage_definition_signatures);
    expect((await version(v2.id)).status).toBe('proposed');
  });

  it('puts a version in force once marketing signs beside sales, superseding the old one', async () => {
    const res = await sign(await as('marketer'), v2.id);
    expect(res.statusCode).toBe(200);
    const signed: Version = res.json();
    expect(signed.status).toBe('active');
    expect(signed.activatedAt).not.toBeNull();
    expect(signed.signatures.map((s) => [s.member.name, s.side])).toEqual([
      ['Rep', 'sales'],
      ['Marketer', 'marketing'],
    ]);
    // Same personas as version 1: nobody needs matching again.
    expect(signed.rematch).toBeNull();
    const current = await inForce();
    expect(current.id).toBe(v2.id);
    expect(current.document.stages.find((s) => s.key === 'mql')!.definition).toBe('Score ≥ 60.');
    const stages = await t.request(await as('rep'), { method: 'GET', url: '/api/v1/stages' });
    expect(stages.json().version.version).toBe(2);
    const history = await t.request(await as('rep'), {
      method: 'GET',
      url: '/api/v1/definitions/versions',
    });
    expect(
      history.json().items.map((v: Version) => [v.version, v.status, v.activatedAt !== null]),
    ).toEqual([
      [2, 'active', true],
      [1, 'superseded', true],
    ]);
  });

  it('refuses signing a version in force or superseded (409)', async () => {
    const v1 = (
      await t.request(await as('rep'), { method: 'GET', url: '/api/v1/definitions/versions' })
    ).json().items[1] as Version;
    const active = await sign(await as('manager'), v2.id);
    expect(active.statusCode).toBe(409);
    expect(active.json().detail).toBe('Version 2 is already in force');
    const old = await sign(await as('manager'), v1.id);
    expect(old.statusCode).toBe(409);
    expect(old.json().detail).toBe('Version 1 was in force and has been superseded');
    const missing = await sign(await as('manager'), '00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
  });

  it('needs a sales signature: marketing and an admin for marketing are not enough', async () => {
    const v3: Version = (await propose(await as('manager'), withMqlText('v3'))).json();
    const v4: Version = (await propose(await as('marketer'), withMqlText('v4'))).json();
    expect((await sign(await as('marketer'), v3.id)).json().status).toBe('proposed');
    const admin = await sign(await as('admin'), v3.id, { side: 'marketing' });
    expect(admin.json()).toMatchObject({ status: 'proposed' });
    expect(admin.json().signatures.map((s: { side: string }) => s.side)).toEqual([
      'marketing',
      'marketing',
    ]);
    const manager = await sign(await as('manager'), v3.id);
    expect(manager.json()).toMatchObject({ status: 'active' });
    // The other open proposal was written against version 2: it has to be proposed again.
    const stale = await version(v4.id);
    expect(stale).toMatchObject({ status: 'superseded', activatedAt: null });
    const late = await sign(await as('manager'), v4.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe(
      'Version 4 was superseded before it took effect; propose it again',
    );
    expect((await version(v2.id)).status).toBe('superseded');
  });

  it('records the proposals and signatures in the audit log', async () => {
    const { rows } = await t.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'definitions.%'
       GROUP BY action ORDER BY action`,
    );
    expect(rows).toEqual([
      { action: 'definitions.activated', n: 2 },
      { action: 'definitions.proposed', n: 3 },
      { action: 'definitions.signed', n: 5 },
    ]);
  });
});

describe.each(databaseTargets)('personas on $name', (target) => {
  let t: TestApp;
  const contacts = new Map<string, string>();

  async function createContact(title: string): Promise<string> {
    const res = await t.request(await t.signIn('marketer'), {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: `${title.replaceAll(' ', '.').toLowerCase()}@acme.test`, title },
    });
    expect(res.statusCode).toBe(201);
    contacts.set(title, res.json().id);
    return res.json().id;
  }
  async function personaOf(title: string): Promise<string | null> {
    const res = await t.request(await t.signIn('rep'), {
      method: 'GET',
      url: `/api/v1/contacts/${contacts.get(title)}`,
    });
    return res.json().personaKey;
  }
  async function personaPoints(title: string): Promise<number | undefined> {
    const res = await t.request(await t.signIn('rep'), {
      method: 'GET',
      url: `/api/v1/contacts/${contacts.get(title)}/score`,
    });
    expect(res.statusCode).toBe(200);
    return res.json().contributions.find((c: { ruleId: string }) => c.ruleId === 'persona-match')
      ?.points;
  }

  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('matches a contact to a persona by title, and the scoring model counts it', async () => {
    await createContact('Head of RevOps');
    await createContact('Platform engineer');
    await createContact('VP Marketing');
    expect(await personaOf('Head of RevOps')).toBe('revops-leader');
    expect(await personaOf('VP Marketing')).toBe('demand-gen-marketer');
    expect(await personaOf('Platform engineer')).toBeNull();
    expect(await personaPoints('Head of RevOps')).toBe(5);
    expect(await personaPoints('Platform engineer')).toBeUndefined();
  });

  it('follows a title change at once', async () => {
    const res = await t.request(await t.signIn('marketer'), {
      method: 'PATCH',
      url: `/api/v1/contacts/${contacts.get('VP Marketing')}`,
      payload: { title: 'VP Sales' },
    });
    expect(res.statusCode).toBe(200);
    expect(await personaOf('VP Marketing')).toBe('sales-leader');
    expect(await personaPoints('VP Marketing')).toBeUndefined();
  });

  it('lists the personas in force with their contact counts', async () => {
    const res = await t.request(await t.signIn('rep'), { method: 'GET', url: '/api/v1/personas' });
    expect(res.statusCode).toBe(200);
    expect(res.json().version.version).toBe(1);
    expect(
      res.json().items.map((p: Persona & { contacts: number }) => [p.key, p.contacts]),
    ).toEqual([
      ['revops-leader', 1],
      ['demand-gen-marketer', 0],
      ['sales-leader', 1],
    ]);
  });

  it('matches every contact again in the background once changed personas take effect', async () => {
    const document = structuredClone(defaultDefinitions);
    document.personas = [
      {
        ...document.personas[0]!,
        criteria: { op: 'regex', field: 'title', pattern: '(revops|platform)' },
      },
      document.personas[1]!,
    ];
    const proposed = await t.request(await t.signIn('marketer'), {
      method: 'POST',
      url: '/api/v1/definitions/versions',
      payload: { document, summary: 'Platform teams buy too; sales leaders are not a persona' },
    });
    expect(proposed.statusCode).toBe(201);
    const id = proposed.json().id;
    // Nothing moves while the proposal waits.
    await t.request(await t.signIn('marketer'), {
      method: 'POST',
      url: `/api/v1/definitions/versions/${id}/signatures`,
      payload: {},
    });
    await t.rematches.idle();
    expect(await personaOf('Platform engineer')).toBeNull();

    // A member signing for their own side needs no body at all.
    const signed = await t.request(await t.signIn('manager'), {
      method: 'POST',
      url: `/api/v1/definitions/versions/${id}/signatures`,
    });
    expect(signed.json()).toMatchObject({ status: 'active', rematch: { status: 'running' } });
    await t.rematches.idle();
    const after = await t.request(await t.signIn('rep'), {
      method: 'GET',
      url: `/api/v1/definitions/versions/${id}`,
    });
    expect(after.json().rematch).toMatchObject({ status: 'completed', done: 3, total: 3 });
    expect(after.json().rematch.finishedAt).not.toBeNull();

    expect(await personaOf('Platform engineer')).toBe('revops-leader');
    expect(await personaOf('Head of RevOps')).toBe('revops-leader');
    expect(await personaOf('VP Marketing')).toBeNull();
    expect(await personaPoints('Platform engineer')).toBe(5);
    const personas = await t.request(await t.signIn('rep'), {
      method: 'GET',
      url: '/api/v1/personas',
    });
    expect(personas.json().items.map((p: { key: string; contacts: number }) => p.contacts)).toEqual(
      [2, 0],
    );
  });
});
