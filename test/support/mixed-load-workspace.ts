import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPassword } from '../../src/services/auth/password.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { insertMember, insertTeam } from '../../src/store/members.js';
import { startCli, waitForLine } from './run-cli.js';
import { alwaysOpen } from './sla-fixtures.js';

/*
 * The workspace and the processes of test/reliability/mixed-load.test.ts: a
 * fresh PostgreSQL database seeded as a workspace would be, real `tandem
 * serve` processes on it, and one HTTP door per process that counts every
 * answer, so the test can say which process did what and that none of them
 * ever answered 5xx.
 */

export const mixedPassword = 'mixed load battery';
export const repCount = 4;

export interface MixedMembers {
  teamId: string;
  admin: string;
  marketer: string;
  manager: string;
  /** Sorted by id: round robin's order (core/routing/choose-owner.ts). */
  reps: string[];
  emails: Record<string, string>;
}

/**
 * Members of one sales team and marketing, with passwords so they sign in
 * through the API. Reps take far more leads than a run can hand them: the
 * fairness check is the rotation's, and a rep at capacity would be passed over
 * by design (choose-owner.ts), which is another rule with tests of its own.
 */
export async function seedMixedMembers(db: Db): Promise<MixedMembers> {
  await prepareWorkspace(db);
  const passwordHash = await hashPassword(mixedPassword);
  const teamId = await insertTeam(db, { name: 'Inbound', side: 'sales' });
  const emails: Record<string, string> = {};
  const add = async (
    key: string,
    role: 'admin' | 'marketing' | 'sales_manager' | 'sales_rep',
    team: string | null,
  ) => {
    const email = `${key}@mixed.test`;
    const id = await insertMember(db, {
      email,
      name: key[0]!.toUpperCase() + key.slice(1),
      role,
      teamId: team,
      timeZone: 'UTC',
      capacity: 1_000_000,
      passwordHash,
    });
    emails[id] = email;
    return id;
  };
  const admin = await add('admin', 'admin', null);
  const marketer = await add('marketer', 'marketing', null);
  const manager = await add('manager', 'sales_manager', teamId);
  const reps: string[] = [];
  for (let i = 0; i < repCount; i++) reps.push(await add(`rep${i}`, 'sales_rep', teamId));
  reps.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { teamId, admin, marketer, manager, reps, emails };
}

export type ServeRole = 'all' | 'web' | 'clock';

export interface ServerProcess {
  role: ServeRole;
  url: string;
  child: ChildProcess;
  /** Its stderr (but for node-postgres's pipelining notice) and its error-level log lines. */
  errors(): string;
}

/** A real `tandem serve --port 0 --role ROLE` on the database, once it says where it listens. */
export async function startServer(
  role: 'all' | 'web',
  env: Record<string, string>,
  spawned: (child: ChildProcess) => void,
): Promise<ServerProcess> {
  const child = startCli(['serve', '--port', '0', '--role', role], env);
  spawned(child);
  let stderr = '';
  let errorLines = '';
  let partial = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => {
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    // pino levels: 50 error, 60 fatal.
    for (const line of lines) if (/"level":(5|6)0/.test(line)) errorLines += `${line}\n`;
  });
  const [, url] = await waitForLine(child, /Tandem is running at (http:\/\/\S+)/, 120_000);
  return {
    role,
    url: url!,
    child,
    errors: () => `${stderr}${errorLines}`.trim(),
  };
}

/** Stops a server with SIGTERM (its clean shutdown) and waits for it to exit. */
export async function stopServer(s: ServerProcess): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGTERM');
  await exited;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** Who calls: a signed-in member (cookie and CSRF token) or a Bearer key. */
export type Credential = { cookie: string; csrfToken: string; memberId: string } | { key: string };

/**
 * The processes' HTTP doors. Every answer is counted per process and status;
 * a 5xx or a transport failure is kept with what was asked, for the report.
 */
export class Cluster {
  readonly counts: Map<string, number>[];
  readonly faults: string[] = [];
  /** Answers 503 database_busy: the tracking clients retry those, as Segment's libraries do. */
  busy = 0;

  constructor(readonly urls: string[]) {
    this.counts = urls.map(() => new Map());
  }

  async call(
    process: number,
    who: Credential | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (who && 'key' in who) headers.authorization = `Bearer ${who.key}`;
    else if (who) {
      headers.cookie = who.cookie;
      headers['x-csrf-token'] = who.csrfToken;
    }
    let status = 0;
    let text = '';
    try {
      const res = await fetch(`${this.urls[process]}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      text = String(error);
    }
    const tally = this.counts[process]!;
    tally.set(String(status), (tally.get(String(status)) ?? 0) + 1);
    // 503 database_busy is the API telling a client to retry after Retry-After (a
    // write conflict that outlasted the server's own retries); anything else 5xx is a fault.
    if (status === 503 && text.includes('"database_busy"')) this.busy++;
    else if (status === 0 || status >= 500)
      this.faults.push(`p${process} ${method} ${path} → ${status} ${text.slice(0, 300)}`);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status, body: parsed };
  }

  /** Requests answered per process, by status. */
  summary(): Record<string, Record<string, number>> {
    return Object.fromEntries(this.counts.map((m, i) => [`p${i}`, Object.fromEntries(m)]));
  }
}

/** Signs in through the real endpoint of process `p`. */
export async function signIn(
  urls: string[],
  p: number,
  email: string,
  memberId: string,
): Promise<Credential> {
  const res = await fetch(`${urls[p]}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: mixedPassword }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('tandem_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken, memberId };
}

/** A workspace's webhook receiver: counts each `webhook-id` it is sent, answers 204. */
export interface Receiver {
  url: string;
  received: Map<string, number>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? 'none');
      received.set(id, (received.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * What the people of the workspace set up through the API before the day
 * starts: an ingest key (admin), round robin into the team (manager),
 * round-the-clock calendars for the reps (manager), a webhook endpoint for
 * every event (admin) and a fast SLA contract both sides sign, so that
 * warnings (at 18 s) and breaches (at 36 s) fall inside the run and the
 * clock processes race for them. Returns the ingest key.
 */
export async function configureWorkspace(
  cluster: Cluster,
  m: MixedMembers,
  callers: { admin: Credential; marketer: Credential; manager: Credential },
  receiverUrl: string,
): Promise<string> {
  const must = async (p: Promise<Answer>, what: string) => {
    const a = await p;
    if (a.status >= 300) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body as Record<string, unknown>;
  };
  const last = cluster.urls.length - 1;
  const key = await must(
    cluster.call(0, callers.admin, 'POST', '/api/v1/api-keys', {
      name: 'site',
      scopes: ['ingest'],
    }),
    'ingest key',
  );
  await must(
    cluster.call(1 % cluster.urls.length, callers.manager, 'POST', '/api/v1/routing/versions', {
      document: { rules: [], fallback: { teamId: m.teamId, strategy: 'round_robin' } },
    }),
    'routing',
  );
  for (const [i, rep] of m.reps.entries())
    await must(
      cluster.call(
        i % cluster.urls.length,
        callers.manager,
        'PUT',
        `/api/v1/members/${rep}/calendar`,
        {
          calendar: alwaysOpen,
        },
      ),
      'calendar',
    );
  await must(
    cluster.call(last, callers.admin, 'POST', '/api/v1/webhook-endpoints', {
      kind: 'webhook',
      url: receiverUrl,
    }),
    'webhook endpoint',
  );
  const proposed = await must(
    cluster.call(0, callers.marketer, 'POST', '/api/v1/sla/contracts', {
      document: {
        marketing: { mqls_per_rep: { perMonth: 1000 }, accepted_share: { atLeast: 0.5 } },
        sales: {
          accept_within: { businessHours: 0.01 },
          first_attempt_within: { businessHours: 0.01 },
          attempt_cadence: { attempts: 3, businessDays: 5 },
          outcome_recorded: { businessDays: 10 },
        },
        escalation: { warnOwnerAt: 0.5, notifyManagerOnBreach: true, reassignOnBreach: false },
      },
    }),
    'SLA proposal',
  );
  const version = proposed.version as number;
  await must(
    cluster.call(
      1 % cluster.urls.length,
      callers.marketer,
      'POST',
      `/api/v1/sla/contracts/${version}/sign`,
      {},
    ),
    'SLA marketing signature',
  );
  await must(
    cluster.call(last, callers.manager, 'POST', `/api/v1/sla/contracts/${version}/sign`, {}),
    'SLA sales signature',
  );
  return key.key as string;
}
