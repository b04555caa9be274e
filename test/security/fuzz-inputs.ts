import fc from 'fast-check';
import type { Db } from '../../src/store/db.js';

/**
 * Hostile inputs for the abuse tests: the values a careless or malicious client
 * sends in place of what the OpenAPI document asks for. Built once, so a run
 * with a fixed seed sends the same bytes every time.
 */

/** One mebibyte and a little: over the limit of most schema strings, under the default body limit. */
export const megabyteString = 'x'.repeat(1024 * 1024 + 7);
/** A million characters: with the rest of a body, just under the default 1 MiB body limit, so it reaches validation. */
export const nearlyMegabyteString = '\u00e9'.repeat(500_000);

/** `levels` objects inside each other, as JSON text, without recursion. */
export function deepJson(levels: number, leaf = '1'): string {
  return `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;
}

/**
 * 10,000 levels of nesting overflow JSON.stringify, so a value stands for them
 * and toJsonText writes the nested text in its place.
 */
export const deepObjectMarker = '\u0001deep-object\u0001';
export const deepArrayMarker = '\u0001deep-array\u0001';
const deepTexts: Record<string, string> = {
  [JSON.stringify(deepObjectMarker)]: deepJson(10_000),
  [JSON.stringify(deepArrayMarker)]: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
};

/** JSON text of a request body, with the deep-nesting markers expanded. */
export function toJsonText(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  for (const [marker, deep] of Object.entries(deepTexts)) text = text.replaceAll(marker, deep);
  return text;
}

export const hostileStrings = [
  '',
  ' ',
  megabyteString,
  nearlyMegabyteString,
  '\u0000',
  'a\u0000b',
  '\ud800', // lone high surrogate: JSON.stringify sends it as the escape "\ud800"
  'x\udfffy', // lone low surrogate
  '\ud83d\ude00\u{1f9d1}\u200d\u{1f4bb}', // astral + ZWJ sequence
  '\u202eevil\u202c', // right-to-left override
  'e\u0301\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  'ﷺ'.repeat(5000),
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  '00000000-0000-0000-0000-000000000000',
  '2026-02-30T25:61:00Z',
  '0000-00-00',
  '=cmd|/C calc!A0',
] as const;

export const hostileNumbers = [
  -1,
  0,
  -0,
  0.5,
  -2147483649,
  2147483648,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
] as const;

/** Any JSON value a schema property did not ask for. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...hostileStrings),
  fc.constantFrom<unknown>(...hostileNumbers),
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    [],
    {},
    [null],
    { __proto__: { admin: true } },
    { constructor: { prototype: { polluted: 1 } } },
    deepObjectMarker,
    deepArrayMarker,
    Array.from({ length: 10_000 }, (_, i) => i),
    Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
);

/** Bodies that are not the JSON they claim to be, sent as raw text with content-type application/json. */
export const malformedBodies = [
  '',
  '{',
  '{"a":}',
  '[1,2',
  "{'single': 'quotes'}",
  '{"a":1,}',
  'nul',
  'NaN',
  '\u0000',
  '{"a":"\u0000"}',
  '{"a":"\\ud800"}',
  '{"a":1e999}',
  '\ufeff{}',
  '{"__proto__":{"isAdmin":true}}',
  '{"a":1,"a":2}',
  deepJson(10_000),
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `{"s":"${megabyteString}"}`,
] as const;

/** Path parameter values, sent URL-encoded. */
export const hostileIds: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1e999',
    'NaN',
    'null',
    'undefined',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-4000-8000-00000000000g',
    'a\u0000b',
    "1' OR '1'='1",
    '..',
    '%E0%A4%A', // a broken %-escape, sent as is
    '\ud83d\ude00',
    '\u202e',
    'x'.repeat(5000),
    '99999999999999999999999',
    '2026-13',
    '9999-12',
  ),
  fc.string({ maxLength: 30 }).filter((s) => s.length > 0),
);

/** Query string values. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...hostileStrings.filter((s) => s.length < 100_000)),
  fc.constantFrom('x'.repeat(100_000)),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer().map(String),
);

/** A lone surrogate cannot be URL-encoded; send its UTF-8 replacement's bytes as a browser would. */
export function encodePathValue(value: string): string {
  if (value.startsWith('%E0')) return value;
  return encodeURIComponent(value.replace(/[\ud800-\udfff]/gu, '\ufffd'));
}

/**
 * Tables a refused request may still change, each with its reason. Signing in
 * (even a refused one) is the only such case: it is not a write of workspace data.
 */
export const mayChangeOnRefusal: Record<string, string> = {
  sessions: 'sign-in attempts and sign-outs manage sessions, not workspace data',
};

/** Every table of the schema (from information_schema), less those above. */
export async function allTables(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.name).filter((n) => !(n in mayChangeOnRefusal));
}

/** Row counts of the tables in one round trip: equal before and after means nothing was written. */
export async function rowCounts(db: Db, tables: string[]): Promise<Record<string, number>> {
  const sql = `SELECT ${tables.map((n) => `(SELECT count(*)::int FROM "${n}") AS "${n}"`).join(', ')}`;
  return (await db.query<Record<string, number>>(sql)).rows[0]!;
}
