import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Definitions, defaultDefinitions } from '../../src/core/definitions.js';
import { type Actor, memberActor, type Role, systemActor } from '../../src/core/roles.js';
import { createContact } from '../../src/services/contacts/create-contact.js';
import { proposeDefinitions } from '../../src/services/definitions/propose-definitions.js';
import { rematchPersonas } from '../../src/services/definitions/rematch-personas.js';
import { signDefinitions } from '../../src/services/definitions/sign-definitions.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { insertMember } from '../../src/store/members.js';
import { databaseTargets } from '../support/databases.js';

const titles = [
  'Head of RevOps',
  'Platform engineer',
  'VP Marketing',
  'Staff engineer',
  'Sales manager',
];

const oldPersona: Record<string, string | null> = {
  'Head of RevOps': 'revops-leader',
  'Platform engineer': null,
  'VP Marketing': 'demand-gen-marketer',
  'Staff engineer': null,
  'Sales manager': 'sales-leader',
};
const newPersona: Record<string, string | null> = {
  'Head of RevOps': null,
  'Platform engineer': 'engineer',
  'VP Marketing': null,
  'Staff engineer': 'engineer',
  'Sales manager': null,
};

/** The default document with the personas replaced. */
function withPersonas(personas: Definitions['personas']): Definitions {
  return { ...structuredClone(defaultDefinitions), personas };
}

const engineers: Definitions['personas'] = [
  {
    key: 'engineer',
    name: 'Engineer',
    description: 'Builds on the platform.',
    goals: [],
    pains: [],
    criteria: { op: 'contains', field: 'title', value: 'engineer' },
  },
];

describe.each(databaseTargets)('persona re-match on $name', (target) => {
  let db: Db;
  let marketer: Actor;
  let manager: Actor;

  async function member(role: Role, name: string): Promise<Actor> {
    const id = await insertMember(db, {
      email: `${name}@example.test`,
      name,
      role,
      teamId: null,
      timeZone: 'UTC',
      passwordHash: null,
    });
    return memberActor({ id, role, teamId: null, name });
  }

  /** Proposes and has both sides sign: the version is in force when this returns. */
  async function putInForce(definitions: Definitions) {
    const proposed = await proposeDefinitions({
      db,
      actor: marketer,
      summary: null,
      document: definitions,
    });
    await signDefinitions({ db, actor: marketer, versionId: proposed.id });
    return signDefinitions({ db, actor: manager, versionId: proposed.id });
  }

  async function personas(): Promise<Record<string, string | null>> {
    const { rows } = await db.query<{ title: string; persona_key: string | null }>(
      'SELECT title, persona_key FROM contacts',
    );
    return Object.fromEntries(rows.map((r) => [r.title, r.persona_key]));
  }

  async function run(versionId: string) {
    const { rows } = await db.query<{ status: string; done: number; total: number }>(
      'SELECT status, done, total FROM persona_rematches WHERE version_id = $1',
      [versionId],
    );
    return rows[0];
  }

  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    marketer = await member('marketing', 'Marketer');
    manager = await member('sales_manager', 'Manager');
    for (const title of titles)
      await createContact({
        db,
        actor: systemActor,
        fields: { email: `${title.replaceAll(' ', '.').toLowerCase()}@acme.test`, title },
      });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps the personas in force until the run reaches each contact, and resumes where it stopped', async () => {
    expect(await personas()).toEqual(oldPersona);
    const signed = await putInForce(withPersonas(engineers));
    expect(signed).toMatchObject({ tookEffect: true, rematch: true });
    expect(await run(signed.version.id)).toEqual({ status: 'running', done: 0, total: 5 });

    // A stop after the first page leaves the run going, two contacts in.
    const stop = new AbortController();
    const progress: [number, number][] = [];
    const cut = await rematchPersonas({
      db,
      versionId: signed.version.id,
      batchSize: 2,
      signal: stop.signal,
      onProgress: (done, total) => {
        progress.push([done, total]);
        stop.abort();
      },
    });
    expect(cut).toBeNull();
    expect(progress).toEqual([[2, 5]]);
    expect(await run(signed.version.id)).toEqual({ status: 'running', done: 2, total: 5 });
    // The first two contacts by id were matched again; the others keep what the old personas gave them.
    const { rows } = await db.query<{ title: string; persona_key: string | null }>(
      'SELECT title, persona_key FROM contacts ORDER BY id',
    );
    expect(rows.map((r) => r.persona_key)).toEqual(
      rows.map((r, i) => (i < 2 ? newPersona[r.title] : oldPersona[r.title])),
    );

    const done = await rematchPersonas({
      db,
      versionId: signed.version.id,
      batchSize: 2,
      onProgress: (n, total) => progress.push([n, total]),
    });
    expect(done).toMatchObject({ status: 'completed', done: 5, total: 5 });
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(await personas()).toEqual(newPersona);
  });

  it('needs no run when only names and texts of personas change', async () => {
    const renamed = engineers.map((p) => ({ ...p, name: 'Engineers', goals: ['Ship'] }));
    const signed = await putInForce(withPersonas(renamed));
    expect(signed.rematch).toBe(false);
    expect(signed.version.rematch).toBeNull();
  });

  it('hands an unfinished run over to the next version, even one with the same personas', async () => {
    const first = await putInForce(withPersonas(defaultDefinitions.personas));
    expect(first.rematch).toBe(true);
    const second = await putInForce(withPersonas(defaultDefinitions.personas));
    expect(second.rematch).toBe(true);
    expect(await run(first.version.id)).toMatchObject({ status: 'stopped', done: 0 });
    // The superseded version's run does nothing more.
    expect(await rematchPersonas({ db, versionId: first.version.id })).toMatchObject({
      status: 'stopped',
    });
    expect(await rematchPersonas({ db, versionId: second.version.id })).toMatchObject({
      status: 'completed',
      done: 5,
    });
    expect(await personas()).toEqual(oldPersona);
  });
});
