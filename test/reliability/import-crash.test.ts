import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportKind } from '../../src/core/import/fields.js';
import { systemActor } from '../../src/core/roles.js';
import { createApiKey } from '../../src/services/api-keys/create-api-key.js';
import { runImport } from '../../src/services/imports/run-import.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { openPglite } from '../../src/store/pglite/driver.js';
import {
  accountsCsv,
  type ContactRow,
  contactRows,
  contactsCsv,
  crashCompanies,
  eventRows,
  eventsCsv,
  importedState,
  killImportPartWay,
  stateDifferences,
} from '../support/crash-imports.js';
import { databaseTargets } from '../support/databases.js';
import { runCli, startCli, waitForLine } from '../support/run-cli.js';
import { databaseUrlOf } from '../support/sla-fixtures.js';

/**
 * SIGKILL during `tandem import` (issue 8). Contacts, then events, are
 * imported by a real process killed once its progress shows chunks committed
 * (accounts, which import 1,200 rows in a tenth of a second, are imported
 * beforehand as the setting); then:
 * - the database opens, and what is there is whole chunks of the file, in file
 *   order, each row complete (its identity, its `imported` transition, its
 *   score): a chunk is one transaction, all or nothing;
 * - the killed run is cleanly absent: no `imports` row, no import audit entry
 *   (they are written when a run ends);
 * - "resumable" means re-running the same file: upserts by domain, email or
 *   externalId and exactly-once events by messageId (derived from the row when
 *   the file has none) make the second run skip what the first committed and
 *   write the rest, so the result equals one clean import of the same files
 *   into another fresh database, nothing twice.
 *
 * The API path too: a `tandem serve` killed while a POST /api/v1/imports of
 * contacts is in flight (the client gets no answer), then the same POST again.
 *
 * PGlite: the CLI and the test cannot have one data directory open at once,
 * so the test reads it only between processes (the killed process's lock is
 * stale and the next one takes it over).
 */
const chunk = 500;
const people = 2_500;
const eventCount = 4_000;

interface Workspace {
  env: Record<string, string>;
  /** Runs `fn` on the database between CLI processes. */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

describe.each(databaseTargets)('CSV import across SIGKILL on $name', (target) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-import-crash-'));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The database the CLI imports into and is killed on. */
  async function crashWorkspace(name: string): Promise<Workspace> {
    if (target.name === 'postgres') {
      const db = await target.open();
      cleanups.push(() => db.close());
      return { env: { DATABASE_URL: await databaseUrlOf(db) }, read: (fn) => fn(db) };
    }
    const dataDir = path.join(dir, name);
    fs.mkdirSync(dataDir);
    return {
      env: { TANDEM_DATA_DIR: dataDir },
      async read(fn) {
        const db = await openPglite(path.join(dataDir, 'pgdata'));
        try {
          return await fn(db);
        } finally {
          await db.close();
        }
      },
    };
  }

  const importFile = (db: Db, kind: ImportKind, file: string) =>
    runImport({
      db,
      actor: systemActor,
      kind,
      csv: fs.readFileSync(file, 'utf8'),
      fileName: path.basename(file),
    });

  it('leaves whole chunks after a kill, and a re-run converges on a clean import', async () => {
    const contacts = contactRows(people);
    const events = eventRows(eventCount, people);
    const files = {
      accounts: path.join(dir, 'accounts.csv'),
      contacts: path.join(dir, 'contacts.csv'),
      events: path.join(dir, 'events.csv'),
    };
    fs.writeFileSync(files.accounts, accountsCsv());
    fs.writeFileSync(files.contacts, contactsCsv(contacts));
    fs.writeFileSync(files.events, eventsCsv(events));
    const rowsOf = { contacts: contacts.length, events: events.length };

    // The clean one-shot import, in this process, into a fresh database of the same kind.
    // It runs while the CLI processes do (another core), awaited before the comparison.
    const clean = await target.open();
    cleanups.push(() => clean.close());
    const cleanImport = (async () => {
      await prepareWorkspace(clean);
      for (const kind of ['accounts', 'contacts', 'events'] as const)
        await importFile(clean, kind, files[kind]);
    })();
    cleanImport.catch(() => undefined);

    // Accounts import in a few milliseconds, too fast to kill part-way: they are the setting.
    const crashed = await crashWorkspace('cli');
    await crashed.read(async (db) => {
      await prepareWorkspace(db);
      await importFile(db, 'accounts', files.accounts);
    });

    for (const kind of ['contacts', 'events'] as const) {
      const killed = await killImportPartWay(['import', kind, files[kind]], crashed.env, 25);
      expect(killed.stdout).toBe('');

      const partial = await crashed.read(async (db) => {
        const one = async <T>(sql: string) => (await db.query<T>(sql)).rows[0]!;
        const runs = await one<{ imports: number; audits: number }>(
          `SELECT (SELECT count(*)::int FROM imports WHERE kind = '${kind}') AS imports,
                  (SELECT count(*)::int FROM audit_log WHERE action LIKE 'import.%'
                     AND changes->>'kind' = '${kind}') AS audits`,
        );
        // The killed run left no record of itself: it is absent, not half recorded.
        expect(runs).toEqual({ imports: 0, audits: 0 });

        if (kind === 'contacts') return contactsAfterKill(db, contacts);
        const { rows } = await db.query<{
          occurred_at: Date;
          contact: string | null;
          transitions: number;
          scored: boolean;
        }>(
          `SELECT e.occurred_at, c.email AS contact,
                  (SELECT count(*)::int FROM stage_transitions t WHERE t.contact_id = c.id AND t.reason = 'imported') AS transitions,
                  EXISTS (SELECT 1 FROM contact_scores s WHERE s.contact_id = c.id) AS scored
           FROM events e LEFT JOIN contacts c ON c.id = e.contact_id
           WHERE e.source = 'csv_import' ORDER BY e.occurred_at`,
        );
        // Whole chunks: the events of rows [0, 500k), each on its person, every person whole.
        const expected = (i: number) => {
          const r = events[i]!;
          return {
            occurred_at: r.timestamp,
            contact: r.email || `person-${r.userId.slice('ext-'.length)}@crash.test`,
            transitions: 1,
            scored: true,
          };
        };
        expect(rows.map((r) => ({ ...r, occurred_at: r.occurred_at.toISOString() }))).toEqual(
          rows.map((_, i) => expected(i)),
        );
        return rows.map((r) => r.occurred_at);
      });
      // Some chunks, not all, and whole ones.
      expect({ kind, present: partial.length, wholeChunks: partial.length % chunk === 0 }).toEqual({
        kind,
        present: partial.length,
        wholeChunks: true,
      });
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(rowsOf[kind]);

      // The resume: the same file again. What the killed run committed counts as unchanged.
      const resumed = await runCli(['import', kind, files[kind]], crashed.env);
      expect({
        code: resumed.code,
        stderr: resumed.stderr.replace(/^\s*\d+% .*\n/gm, '').trim(),
        counts: /(\d+ rows: .*? failed)/.exec(resumed.stdout)?.[1],
      }).toEqual({
        code: 0,
        stderr: '',
        counts:
          kind === 'contacts'
            ? `${rowsOf.contacts} rows: ${people - partial.length} created, ${rowsOf.contacts - people} updated, ${partial.length} unchanged, 0 failed`
            : `${eventCount} rows: ${eventCount - partial.length} created, 0 updated, ${partial.length} unchanged, 0 failed`,
      });
    }

    await cleanImport;
    const [afterResume, afterClean] = [
      await crashed.read(importedState),
      await importedState(clean),
    ];
    expect(stateDifferences(afterResume, afterClean)).toEqual({});
    // Nothing twice, everything there: one contact per person (and per newcomer), one event per row.
    expect({
      contacts: afterResume.contacts!.length,
      accounts: afterResume.accounts!.length,
      events: afterResume.events!.length,
      imports: afterResume.imports!.map((r) => `${r.kind}:${r.status}`),
    }).toEqual({
      contacts: people + 700,
      accounts: crashCompanies,
      events: eventCount,
      imports: ['accounts:completed', 'contacts:completed', 'events:completed'],
    });
  }, 240_000);

  it('API: a server killed during POST /api/v1/imports leaves whole chunks; the re-post converges', async () => {
    const contacts = contactRows(people);
    const csv = contactsCsv(contacts);
    const clean = await target.open();
    cleanups.push(() => clean.close());
    const cleanImport = (async () => {
      await prepareWorkspace(clean);
      await runImport({ db: clean, actor: systemActor, kind: 'accounts', csv: accountsCsv() });
      await runImport({ db: clean, actor: systemActor, kind: 'contacts', csv });
    })();
    cleanImport.catch(() => undefined);

    const crashed = await crashWorkspace('api');
    const key = await crashed.read(async (db) => {
      await prepareWorkspace(db);
      await runImport({ db, actor: systemActor, kind: 'accounts', csv: accountsCsv() });
      return (await createApiKey({ db, actor: systemActor, name: 'crash', scopes: ['admin'] })).key;
    });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const post = (url: string) =>
      fetch(`${url}/api/v1/imports`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'contacts', csv }),
      });

    let server = await startServer(crashed.env);
    const inFlight = post(server.url).then(
      (res) => res.status,
      () => 'no answer' as const,
    );
    // Killed once the first chunk is visible, while the request is still going.
    for (;;) {
      const res = await fetch(`${server.url}/api/v1/contacts?limit=1`, { headers });
      if (((await res.json()) as { items: unknown[] }).items.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
    expect({ answer: await inFlight, errors: server.errors() }).toEqual({
      answer: 'no answer',
      errors: '',
    });

    const partial = await crashed.read(async (db) => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports');
      expect(rows[0]!.n).toBe(1); // the accounts of the setting only
      return contactsAfterKill(db, contacts);
    });
    expect({ present: partial.length, wholeChunks: partial.length % chunk === 0 }).toEqual({
      present: partial.length,
      wholeChunks: true,
    });
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(people);

    server = await startServer(crashed.env);
    const again = await post(server.url);
    const report = (await again.json()) as Record<string, number>;
    const stopped = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await stopped;
    expect({ status: again.status, created: report.created, unchanged: report.unchanged }).toEqual({
      status: 200,
      created: people - partial.length,
      unchanged: partial.length,
    });
    expect(server.errors()).toBe('');

    await cleanImport;
    expect(stateDifferences(await crashed.read(importedState), await importedState(clean))).toEqual(
      {},
    );
  }, 240_000);
});

/**
 * The contacts a killed contacts import left: exactly the people of rows
 * [0, 500k) (whole chunks, in file order), each row complete — its fields, its
 * account, its externalId identity, its one `imported` transition, its score.
 * Returns their emails.
 */
async function contactsAfterKill(db: Db, contacts: readonly ContactRow[]): Promise<string[]> {
  const { rows } = await db.query<{
    email: string;
    first_name: string;
    last_name: string;
    title: string;
    account: string | null;
    properties: Record<string, unknown>;
    identities: string[] | null;
    transitions: string[] | null;
    scored: boolean;
  }>(
    `SELECT c.email, c.first_name, c.last_name, c.title, a.domain AS account, c.properties,
              (SELECT array_agg(i.kind || ':' || i.value) FROM contact_identities i WHERE i.contact_id = c.id) AS identities,
              (SELECT array_agg(t.to_stage || ':' || t.reason) FROM stage_transitions t WHERE t.contact_id = c.id) AS transitions,
              EXISTS (SELECT 1 FROM contact_scores s WHERE s.contact_id = c.id) AS scored
       FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id`,
  );
  // Whole chunks: exactly the people of rows [0, 500k), each row complete.
  const complete = (p: number) => {
    const r = contacts[p]!;
    return {
      email: r.email,
      first_name: r.firstName,
      last_name: r.lastName,
      title: r.title,
      account: r.company,
      properties: { seniority: r.seniority, department: r.department },
      identities: [`user_id:${r.externalId}`],
      transitions: ['lead:imported'],
      scored: true,
    };
  };
  const byEmail = [...rows].sort(
    (a, b) => Number(a.email.split(/[-@]/)[1]) - Number(b.email.split(/[-@]/)[1]),
  );
  expect(byEmail).toEqual(byEmail.map((_, p) => complete(p)));
  return rows.map((r) => r.email);
}

/** A real `tandem serve` on a free port, once it says where. */
async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; errors(): string }> {
  const child = startCli(['serve', '--port', '0'], env);
  let errors = '';
  child.stderr!.on('data', (d) => (errors += d));
  const [, url] = await waitForLine(child, /Tandem is running at (http:\/\/\S+)/, 90_000);
  return { child, url: url!, errors: () => errors.trim() };
}
