import type { CursorKey } from '../core/cursor.js';
import type { ExportKind } from '../core/export-columns.js';
import { contactTextClause } from './contacts.js';
import type { Queryable } from './db.js';

export { type ExportKind, exportColumns } from '../core/export-columns.js';

const queries: Record<ExportKind, string> = {
  contacts: `SELECT c.id, c.email, c.first_name, c.last_name, c.title, c.phone, a.name AS account_name, a.domain AS account_domain,
               m.email AS owner_email, c.lifecycle_stage, s.fit AS fit_score, s.engagement AS engagement_score, s.total AS total_score, s.band,
               c.first_touch_source, c.first_touch_medium, c.first_touch_campaign, c.last_touch_source, c.last_touch_medium,
               c.last_touch_campaign, c.properties, c.created_at, c.updated_at
             FROM contacts c LEFT JOIN contact_scores s ON s.contact_id = c.id LEFT JOIN accounts a ON a.id = c.account_id
             LEFT JOIN members m ON m.id = c.owner_id`,
  events: `SELECT e.id, e.contact_id, c.email AS contact_email, e.anonymous_id, e.type, e.name, e.source, e.message_id,
             e.occurred_at, e.received_at, e.properties, e.received_at AS created_at
           FROM events e LEFT JOIN contacts c ON c.id = e.contact_id`,
};

/** Keyset order per kind: contacts by creation, events by arrival. */
const orderKey: Record<ExportKind, string> = { contacts: 'c.created_at', events: 'e.received_at' };
const idKey: Record<ExportKind, string> = { contacts: 'c.id', events: 'e.id' };

export async function readExportPage(
  q: Queryable,
  kind: ExportKind,
  page: {
    after?: CursorKey | undefined;
    limit: number;
    filter: { text?: string | undefined; stage?: string | undefined; owner?: string | undefined };
  },
): Promise<Record<string, unknown>[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (kind === 'contacts') {
    const f = page.filter;
    if (f.stage) where.push(`c.lifecycle_stage = ${param(f.stage)}`);
    if (f.owner === 'none') where.push('c.owner_id IS NULL');
    else if (f.owner) where.push(`c.owner_id = ${param(f.owner)}::uuid`);
    if (f.text) where.push(contactTextClause(param, f.text));
  }
  if (page.after)
    where.push(
      `(${orderKey[kind]}, ${idKey[kind]}) > (${param(page.after.at)}, ${param(page.after.id)}::uuid)`,
    );
  const sql = `${queries[kind]} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${orderKey[kind]}, ${idKey[kind]} LIMIT ${param(page.limit)}`;
  return (await q.query<Record<string, unknown>>(sql, params)).rows;
}
