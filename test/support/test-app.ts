import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/core/roles.js';
import { buildApp } from '../../src/server/app.js';
import { hashPassword } from '../../src/services/auth/password.js';
import { PersonaRematchRunner } from '../../src/services/definitions/persona-rematch-runner.js';
import { RescoreRunner } from '../../src/services/scoring/rescore-runner.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { insertMember, insertTeam } from '../../src/store/members.js';
import type { DatabaseTarget } from './databases.js';

export const testPassword = 'correct horse battery';

export type TestMemberName = 'admin' | 'marketer' | 'manager' | 'rep' | 'otherRep';

const testMembers: Record<TestMemberName, Role> = {
  admin: 'admin',
  marketer: 'marketing',
  manager: 'sales_manager',
  rep: 'sales_rep',
  otherRep: 'sales_rep',
};

export interface Caller {
  cookie: string;
  csrfToken: string;
  memberId: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  members: Record<TestMemberName, string>;
  /** The app's rescore runner: `await t.rescores.idle()` after an activation. */
  rescores: RescoreRunner;
  /** The app's persona re-match runner: `await t.rematches.idle()` after a version takes effect. */
  rematches: PersonaRematchRunner;
  /** Signs in through the real endpoint and returns what a browser would hold. */
  signIn(name: TestMemberName): Promise<Caller>;
  /** A request as a signed-in member (cookie + CSRF header), or anonymous when `as` is null. */
  request(as: Caller | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTestApp(target: DatabaseTarget): Promise<TestApp> {
  const db = await target.open();
  await prepareWorkspace(db);
  const passwordHash = await hashPassword(testPassword);
  const teamId = await insertTeam(db, { name: 'Inbound', side: 'sales' });
  const members = {} as Record<TestMemberName, string>;
  for (const [name, role] of Object.entries(testMembers) as [TestMemberName, Role][]) {
    members[name] = await insertMember(db, {
      email: `${name}@example.test`,
      name: name[0]!.toUpperCase() + name.slice(1),
      role,
      teamId: role.startsWith('sales') ? teamId : null,
      timeZone: 'Europe/Berlin',
      passwordHash,
    });
  }
  const config = loadConfig({ TANDEM_DATA_DIR: '/nonexistent', TANDEM_LOG_LEVEL: 'silent' });
  const rescores = new RescoreRunner(db, (error) => {
    throw error;
  });
  const rematches = new PersonaRematchRunner(db, (error) => {
    throw error;
  });
  const app = await buildApp({ db, config, logger: false, rescores, rematches });
  await app.ready();

  const callers = new Map<TestMemberName, Caller>();
  return {
    app,
    db,
    members,
    rescores,
    rematches,
    async signIn(name) {
      const cached = callers.get(name);
      if (cached) return cached;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: `${name}@example.test`, password: testPassword },
      });
      if (res.statusCode !== 200)
        throw new Error(`sign-in as ${name} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'tandem_session');
      const caller = {
        cookie: `tandem_session=${cookie!.value}`,
        csrfToken: res.json().csrfToken as string,
        memberId: members[name],
      };
      callers.set(name, caller);
      return caller;
    },
    request(as, options) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (as) {
        headers.cookie = as.cookie;
        headers['x-csrf-token'] = as.csrfToken;
      }
      return app.inject({ ...options, headers });
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** Row counts of the tables a write could touch: equal before and after means nothing was written. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = [
    'contacts',
    'accounts',
    'events',
    'stage_transitions',
    'stage_definition_versions',
    'stage_definition_signatures',
    'audit_log',
    'members',
    'api_keys',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0]!.n;
  }
  return counts;
}
