import type { ChildProcess } from 'node:child_process';
import type { Db } from '../../src/store/db.js';
import { startCli } from './run-cli.js';

/**
 * Deterministic CSV files and database snapshots for the import crash test
 * (test/reliability/import-crash.test.ts): what a killed-and-resumed import
 * is compared with.
 */

export const crashCompanies = 1_200;

/** Accounts by domain, one per company. */
export function accountsCsv(): string {
  const lines = ['domain,name,industry,employees,country'];
  for (let i = 0; i < crashCompanies; i++)
    lines.push(
      `company-${i}.crash.test,Company ${i},${['software', 'retail', 'finance'][i % 3]},${(i * 37) % 9000},${['DE', 'FR', 'US'][i % 3]}`,
    );
  return `${lines.join('\n')}\n`;
}

export interface ContactRow {
  email: string;
  externalId: string;
  firstName: string;
  lastName: string;
  title: string;
  company: string;
  seniority: string;
  department: string;
}

/**
 * `people` contacts, then every 50th of them again (any case, a later title):
 * a repeat is always more than one chunk (500 rows) after its first row, so no
 * row of the file waits for the next chunk and chunk k holds exactly rows
 * [500k, 500k + 500).
 */
export function contactRows(people: number): ContactRow[] {
  const rows: ContactRow[] = [];
  const person = (p: number, repeat: boolean): ContactRow => ({
    email: repeat ? `Person-${p}@CRASH.test` : `person-${p}@crash.test`,
    externalId: `ext-${p}`,
    firstName: `First${p}`,
    lastName: `Last${p}`,
    title: repeat ? `VP Sales ${p}` : ['Director', 'Manager', 'Engineer', 'Analyst'][p % 4]!,
    company: `company-${p % crashCompanies}.crash.test`,
    seniority: ['executive', 'manager', 'individual'][p % 3]!,
    department: ['marketing', 'sales', 'engineering', 'finance'][p % 4]!,
  });
  for (let p = 0; p < people; p++) rows.push(person(p, false));
  for (let p = 0; p < people; p += 50) rows.push(person(p, true));
  return rows;
}

export function contactsCsv(rows: readonly ContactRow[]): string {
  const lines = ['email,externalId,firstName,lastName,title,accountDomain,seniority,department'];
  for (const r of rows)
    lines.push(
      [
        r.email,
        r.externalId,
        r.firstName,
        r.lastName,
        r.title,
        r.company,
        r.seniority,
        r.department,
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}

export interface EventRow {
  userId: string;
  email: string;
  type: string;
  event: string;
  timestamp: string;
  path: string;
  source: string;
}

/**
 * Events without a messageId column (each gets one derived from its values):
 * by the userId of an imported contact, by its email, or by the email of a
 * person only this file names (created by the import).
 */
export function eventRows(count: number, people: number): EventRow[] {
  const base = Date.parse('2026-10-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const p = (i * 7) % people;
    const how = i % 3;
    const page = i % 2 === 0;
    return {
      userId: how === 0 ? `ext-${p}` : '',
      email:
        how === 1 ? `person-${p}@crash.test` : how === 2 ? `newcomer-${i % 700}@crash.test` : '',
      type: page ? 'page' : 'track',
      event: page ? 'Pricing' : ['Demo Requested', 'Signed Up', 'Feature Used'][i % 3]!,
      timestamp: new Date(base + i * 60_000).toISOString(),
      path: page ? ['/pricing', '/blog/scoring', '/docs'][i % 3]! : '',
      source: i % 5 === 0 ? `newsletter-${i % 4}` : '',
    };
  });
}

export function eventsCsv(rows: readonly EventRow[]): string {
  const lines = ['userId,email,type,event,timestamp,properties.path,source'];
  for (const r of rows)
    lines.push([r.userId, r.email, r.type, r.event, r.timestamp, r.path, r.source].join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * A `tandem import` process killed with SIGKILL once its progress (a stderr
 * line per quarter, written after a chunk commits) reaches `atPercent`.
 * Resolves with the progress it saw; rejects if it finished first.
 */
export async function killImportPartWay(
  args: string[],
  env: Record<string, string>,
  atPercent: number,
): Promise<{ progress: string; stdout: string }> {
  const child: ChildProcess = startCli(args, env);
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const reached = await new Promise<boolean>((resolve) => {
    child.stderr!.on('data', (d) => {
      stderr += d;
      const percents = [...stderr.matchAll(/^\s*(\d+)% importing/gm)].map((m) => Number(m[1]));
      if (percents.some((p) => p >= atPercent && p < 100)) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  if (reached) child.kill('SIGKILL');
  const code = await exited;
  if (!reached || code !== null)
    throw new Error(`the import ended before the kill (code ${code}): ${stderr}${stdout}`);
  return { progress: stderr, stdout };
}

type Row = Record<string, unknown>;

/**
 * A score state as two databases can agree on it: floats rounded (a state
 * advanced chunk by chunk sums in another order than one built at once), and
 * without the ids of the events a cap window awarded (each database's own).
 */
function comparable(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toFixed(9));
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'eventId')
        .map(([k, v]) => [k, comparable(v)]),
    );
  return value;
}

/**
 * Everything an import writes, keyed by what the file names (emails, domains,
 * messageIds) rather than by generated ids, so two databases compare.
 */
export async function importedState(db: Db): Promise<Record<string, Row[]>> {
  const q = async (sql: string) => (await db.query<Row>(sql)).rows;
  const contacts = await q(
    `SELECT lower(c.email) AS email, c.first_name, c.last_name, c.title, c.phone, a.domain AS account,
            c.lifecycle_stage, c.properties,
            c.first_touch_source, c.first_touch_at, c.last_touch_source, c.last_touch_at,
            (SELECT array_agg(i.kind || ':' || i.value ORDER BY i.kind, i.value)
             FROM contact_identities i WHERE i.contact_id = c.id) AS identities,
            (SELECT array_agg(coalesce(t.from_stage, '-') || '>' || t.to_stage || ':' || coalesce(t.reason, '') ORDER BY t.seq)
             FROM stage_transitions t WHERE t.contact_id = c.id) AS transitions,
            s.fit, s.state
     FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id
     LEFT JOIN contact_scores s ON s.contact_id = c.id
     ORDER BY 1`,
  );
  for (const c of contacts) c.state = comparable(c.state);
  return {
    contacts,
    accounts: await q(
      `SELECT domain, name, industry, employees, country, properties FROM accounts ORDER BY domain, name`,
    ),
    events: await q(
      `SELECT e.message_id, e.type, e.name, e.properties, e.context, e.source, e.occurred_at,
              lower(c.email) AS contact, e.anonymous_id
       FROM events e LEFT JOIN contacts c ON c.id = e.contact_id ORDER BY e.message_id`,
    ),
    contactFields: await q('SELECT key, filled_by, label FROM contact_fields ORDER BY key'),
    imports: await q('SELECT kind, status, rows, failed FROM imports ORDER BY kind, finished_at'),
  };
}

/** Rows of `a` and `b` that differ, per table, with a few of each for the failure message. */
export function stateDifferences(
  a: Record<string, Row[]>,
  b: Record<string, Row[]>,
): Record<string, { onlyA: number; onlyB: number; sample: string[] }> {
  const out: Record<string, { onlyA: number; onlyB: number; sample: string[] }> = {};
  for (const table of Object.keys(a)) {
    const key = (r: Row) => JSON.stringify(r);
    const left = new Map<string, number>();
    for (const r of a[table]!) left.set(key(r), (left.get(key(r)) ?? 0) + 1);
    const onlyB: string[] = [];
    for (const r of b[table] ?? []) {
      const n = left.get(key(r)) ?? 0;
      if (n > 0) left.set(key(r), n - 1);
      else onlyB.push(key(r));
    }
    const onlyA = [...left.entries()].flatMap(([k, n]) => Array<string>(n).fill(k));
    if (onlyA.length + onlyB.length > 0)
      out[table] = {
        onlyA: onlyA.length,
        onlyB: onlyB.length,
        sample: [
          ...onlyA.slice(0, 2).map((s) => `A ${s}`),
          ...onlyB.slice(0, 2).map((s) => `B ${s}`),
        ],
      };
  }
  return out;
}
