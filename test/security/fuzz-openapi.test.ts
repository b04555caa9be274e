import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createKey, freshSession } from './callers.js';
import {
  allTables,
  encodePathValue,
  hostileIds,
  hostileQueryValue,
  hostileValue,
  malformedBodies,
  rowCounts,
  toJsonText,
} from './fuzz-inputs.js';
import { type Fixtures, makeFixtures, specFor } from './route-catalog.js';

/**
 * Abuse (issue 8, DESIGN §6): every operation of the OpenAPI document gets bad
 * input from a caller allowed to use it. Whatever arrives, the answer is never
 * a 5xx, a refusal is problem+json, and a refusal leaves every table as it was.
 */

const seed = 20261205;
/** Runs per operation and kind of input; the whole file stays well under two minutes per database. */
const runs = { property: 40, extra: 4, whole: 6, pathId: 10, query: 8 } as const;

interface Operation {
  route: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyProperties: string[];
  uuidPaths: string[][];
  hasBody: boolean;
}

interface Finding {
  route: string;
  input: string;
  problem: string;
}

type Schema = {
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  items?: Schema;
};

/** Paths to every uuid property, nested objects included: where an unknown id can break a foreign key. */
function uuidPaths(schema: Schema | undefined, at: string[] = []): string[][] {
  if (!schema || at.length > 4) return [];
  if (schema.format === 'uuid') return [at];
  const branches = [...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  return [
    ...branches.flatMap((b) => uuidPaths(b, at)),
    ...Object.entries(schema.properties ?? {}).flatMap(([k, v]) => uuidPaths(v, [...at, k])),
  ];
}

/** A copy of the body with the value at the path replaced, creating objects on the way. */
function setAt(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body ?? {}) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}
function propertyNames(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const own = Object.keys(schema.properties ?? {});
  const nested = [...(schema.anyOf ?? []), ...(schema.allOf ?? [])].flatMap(propertyNames);
  return [...new Set([...own, ...nested])];
}

function operations(doc: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = (op.parameters ?? []) as { in: string; name: string }[];
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> })
        ?.content;
      const schema = content?.['application/json']?.schema;
      return {
        route: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProperties: propertyNames(schema),
        uuidPaths: uuidPaths(schema).filter((p) => p.length > 0),
        hasBody: Boolean(schema),
      };
    }),
  );
}

function describeInput(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

describe.each(databaseTargets)('fuzzing every OpenAPI operation on $name', (target) => {
  let t: TestApp;
  let f: Fixtures;
  let ops: Operation[];
  let tables: string[];
  let adminHeaders: Record<string, string>;
  let ingestHeaders: Record<string, string>;
  const findings: Finding[] = [];
  const sent = { requests: 0, refused: 0 };

  beforeAll(async () => {
    t = await startTestApp(target);
    f = await makeFixtures(t);
    const admin = await t.signIn('admin');
    adminHeaders = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    ingestHeaders = { authorization: `Bearer ${(await createKey(t, ['ingest'])).key}` };
    ops = operations((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json());
    tables = await allTables(t.db);
  }, 60_000);
  afterAll(async () => {
    console.info(
      `${target.name}: ${sent.requests} fuzzed requests, ${sent.refused} refused with a 4xx`,
    );
    await t?.close();
  });

  /** The catalog's valid request for the operation, as the caller allowed to make it. */
  async function validRequest(op: Operation): Promise<InjectOptions> {
    const spec = specFor(op.route);
    if (!spec) throw new Error(`${op.route} is not in the route catalog`);
    const request = spec.request(f, { label: 'admin', actor: null, headers: adminHeaders });
    // Signing out ends the session it is sent with: send a session of its own.
    const headers = op.path.startsWith('/v1/')
      ? ingestHeaders
      : op.route === 'DELETE /api/v1/session'
        ? await freshSession(t, 'admin')
        : adminHeaders;
    return { ...request, headers: { ...(request.headers as object), ...headers } };
  }

  async function settle() {
    await t.rescores.idle();
    await t.rematches.idle();
  }

  async function send(op: Operation, input: string, request: InjectOptions) {
    await settle();
    const before = await rowCounts(t.db, tables);
    let res: LightMyRequestResponse;
    try {
      res = await t.app.inject(request);
    } catch (error) {
      findings.push({ route: op.route, input, problem: `inject threw ${String(error)}` });
      return;
    }
    await settle();
    sent.requests++;
    const status = res.statusCode;
    if (status >= 500)
      findings.push({ route: op.route, input, problem: `${status} ${res.body.slice(0, 200)}` });
    if (status >= 400 && status < 500) {
      sent.refused++;
      const type = String(res.headers['content-type'] ?? '');
      if (!type.startsWith('application/problem+json'))
        findings.push({ route: op.route, input, problem: `${status} with content-type ${type}` });
      const after = await rowCounts(t.db, tables);
      const changed = tables.filter((n) => after[n] !== before[n]);
      if (changed.length > 0)
        findings.push({
          route: op.route,
          input,
          problem: `${status} but wrote to ${changed.map((n) => `${n} ${before[n]}→${after[n]}`).join(', ')}`,
        });
    }
  }

  function withRawBody(request: InjectOptions, body: string): InjectOptions {
    return {
      ...request,
      payload: body,
      headers: { ...(request.headers as object), 'content-type': 'application/json' },
    };
  }

  it('lists every documented operation in the route catalog, so none escapes the fuzzing', () => {
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((op) => !specFor(op.route)).map((op) => op.route)).toEqual([]);
  });

  it('never answers malformed, deeply nested or oversized JSON bodies with a 5xx or a partial write', async () => {
    findings.length = 0;
    for (const op of ops.filter((o) => o.hasBody || o.method === 'POST')) {
      for (const body of malformedBodies)
        await send(
          op,
          `raw body ${describeInput(body)}`,
          withRawBody(await validRequest(op), body),
        );
    }
    expect(findings).toEqual([]);
  }, 300_000);

  it('never answers wrong types, hostile strings and numbers or extra properties with a 5xx or a partial write', async () => {
    findings.length = 0;
    for (const [i, op] of ops.filter((o) => o.hasBody).entries()) {
      const valid = await validRequest(op);
      const base = (valid.payload ?? {}) as Record<string, unknown>;
      const keys = [...new Set([...op.bodyProperties, ...Object.keys(base)])];
      const property = fc.sample(
        fc.tuple(fc.constantFrom(...(keys.length ? keys : ['x'])), hostileValue),
        { seed: seed + i, numRuns: runs.property },
      );
      for (const [key, value] of property) {
        const request = await validRequest(op);
        const payload = { ...((request.payload ?? {}) as object), [key]: value };
        await send(
          op,
          `${key} = ${describeInput(value)}`,
          withRawBody(request, toJsonText(payload)),
        );
      }
      for (const path of op.uuidPaths) {
        const request = await validRequest(op);
        const payload = setAt(request.payload, path, '00000000-0000-4000-8000-000000000000');
        await send(
          op,
          `${path.join('.')} = an id nothing has`,
          withRawBody(request, toJsonText(payload)),
        );
      }
      for (const value of fc.sample(hostileValue, { seed: seed + i, numRuns: runs.extra })) {
        const request = await validRequest(op);
        const payload = { ...((request.payload ?? {}) as object), unexpectedExtra: value };
        await send(
          op,
          `extra property = ${describeInput(value)}`,
          withRawBody(request, toJsonText(payload)),
        );
      }
      for (const value of fc.sample(hostileValue, { seed: seed - i, numRuns: runs.whole })) {
        const request = await validRequest(op);
        await send(
          op,
          `whole body = ${describeInput(value)}`,
          withRawBody(request, toJsonText(value)),
        );
      }
    }
    expect(findings).toEqual([]);
  }, 300_000);

  it('never answers bad path ids or hostile query values with a 5xx or a partial write', async () => {
    findings.length = 0;
    for (const [i, op] of ops.entries()) {
      for (const param of op.pathParams) {
        const template = op.path.split('/');
        const position = template.indexOf(`{${param}}`);
        for (const id of fc.sample(hostileIds, { seed: seed + i, numRuns: runs.pathId })) {
          const request = await validRequest(op);
          const [path, query] = String(request.url).split('?');
          const segments = path!.split('/');
          segments[position] = encodePathValue(id);
          const url = segments.join('/') + (query ? `?${query}` : '');
          await send(op, `${param} = ${describeInput(id)}`, { ...request, url });
        }
      }
      for (const param of op.queryParams) {
        for (const value of fc.sample(hostileQueryValue, {
          seed: seed + i,
          numRuns: runs.query,
        })) {
          const request = await validRequest(op);
          const path = String(request.url).split('?')[0];
          const url = `${path}?${param}=${encodePathValue(value)}`;
          await send(op, `?${param}=${describeInput(value)}`, { ...request, url });
        }
      }
    }
    expect(findings).toEqual([]);
    // The fuzzing reached past authentication and validation, not just the front door.
    expect(sent.refused).toBeGreaterThan(100);
    expect(sent.requests).toBeGreaterThan(sent.refused);
  }, 300_000);
});
