import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { insertEvents, type NewEvent } from '../../src/store/events.js';
import { listMigrations } from '../../src/store/migrate.js';
import { databaseTargets } from '../support/databases.js';

/** The storage contract, checked the same way on both drivers. */
describe.each(databaseTargets)('store contract on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('applies every migration once; a second run applies nothing and seeds nothing', async () => {
    const again = await prepareWorkspace(db);
    expect(again).toEqual({ applied: [], total: listMigrations().length, seededStages: false });
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM schema_migrations',
    );
    expect(rows[0]!.n).toBe(listMigrations().length);
  });

  it('keeps emails unique regardless of case', async () => {
    await db.query("INSERT INTO contacts (email) VALUES ('Case@Example.com')");
    await expect(
      db.query("INSERT INTO contacts (email) VALUES ('case@example.COM')"),
    ).rejects.toThrow();
  });

  it('appends rows with COPY inside a transaction: every character survives, a bad row copies nothing', async () => {
    await db.exec('CREATE TABLE copy_probe (id int, note text, data jsonb)');
    const awkward = 'tab\there, newline\nhere, back\\slash, CR\r, quote " and \u00e9\u{1F600}';
    const copied = await db.transaction((tx) =>
      tx.copyFrom(
        'copy_probe',
        ['id', 'note', 'data'],
        [
          ['1', awkward, JSON.stringify({ s: awkward })],
          ['2', null, null],
          ['3', '\\N', '{}'],
        ],
      ),
    );
    expect(copied).toBe(3);
    const { rows } = await db.query<{ id: number; note: string | null; data: unknown }>(
      'SELECT id, note, data FROM copy_probe ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, note: awkward, data: { s: awkward } },
      { id: 2, note: null, data: null },
      { id: 3, note: '\\N', data: {} },
    ]);
    await expect(
      db.transaction((tx) => tx.copyFrom('copy_probe', ['id'], [['4'], ['not a number']])),
    ).rejects.toThrow(/integer/);
    const { rows: after } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM copy_probe',
    );
    expect(after[0]!.n).toBe(3);
  });

  // PostgreSQL's autovacuum does this on a server; PGlite has none, so the driver stands in.
  it.runIf(target.name === 'pglite')(
    'keeps table statistics current on the embedded database',
    async () => {
      await db.exec('CREATE TABLE stats_probe (id int PRIMARY KEY)');
      await db.transaction((tx) =>
        tx.copyFrom(
          'stats_probe',
          ['id'],
          Array.from({ length: 20_000 }, (_, i) => [String(i)]),
        ),
      );
      const estimate = async () =>
        (
          await db.query<{ n: number }>(
            "SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'stats_probe'",
          )
        ).rows[0]!.n;
      let n = await estimate();
      for (let i = 0; i < 50 && n !== 20_000; i++) {
        await new Promise((r) => setTimeout(r, 100));
        n = await estimate();
      }
      expect(n).toBe(20_000);
    },
  );

  it('stores an event once per (source, message id), however often it is sent', async () => {
    const event = (messageId: string, source = 'web'): NewEvent => ({
      id: crypto.randomUUID(),
      contactId: null,
      anonymousId: 'anon-1',
      type: 'page_viewed',
      name: 'Viewed /pricing',
      properties: { path: '/pricing', nested: { a: [1, 2] } },
      context: {},
      source,
      messageId,
      occurredAt: new Date('2026-10-01T10:00:00Z'),
      receivedAt: new Date('2026-10-01T10:00:01Z'),
    });
    const first = await insertEvents(db, [event('m1'), event('m2')]);
    expect(first).toHaveLength(2);
    const retry = await insertEvents(db, [event('m1'), event('m2'), event('m3')]);
    expect(retry).toHaveLength(1);
    const otherSource = await insertEvents(db, [event('m1', 'mobile')]);
    expect(otherSource).toHaveLength(1);
    const { rows } = await db.query<{ n: number; p: unknown }>(
      "SELECT count(*)::int AS n, max(properties::text) AS p FROM events WHERE anonymous_id = 'anon-1'",
    );
    expect(rows[0]!.n).toBe(4);
    expect(JSON.parse(rows[0]!.p as string)).toEqual({ path: '/pricing', nested: { a: [1, 2] } });
  });

  it('rolls a failed transaction back entirely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO accounts (domain, name) VALUES ('rollback.test', 'Rollback')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query("SELECT 1 FROM accounts WHERE domain = 'rollback.test'");
    expect(rows).toHaveLength(0);
  });

  it('returns numbers, dates and JSON the same way on both drivers', async () => {
    const { rows } = await db.query<{ n: number; x: number; t: Date; j: unknown }>(
      `SELECT count(*) AS n, 12.5::numeric AS x, '2026-01-02T03:04:05Z'::timestamptz AS t, '{"a":1}'::jsonb AS j FROM accounts`,
    );
    expect(rows[0]).toEqual({ n: 0, x: 12.5, t: new Date('2026-01-02T03:04:05Z'), j: { a: 1 } });
  });
});
