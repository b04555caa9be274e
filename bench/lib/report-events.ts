import type { CopyRow } from '../../src/store/copy-text.js';
import type { Db, Tx } from '../../src/store/db.js';
import { eventColumns } from '../../src/store/events.js';
import type { Prng } from './prng.js';
import { progress } from './report.js';
import { siteActivities } from './report-catalog.js';
import { ChunkStream, every, withIndexesBuiltAfter } from './report-copy.js';

const HOUR = 3_600_000;

export interface EventSources {
  contactIds: readonly string[];
  created: Float64Array;
  /** When each contact's activity stops: 45 days after its last move, at most now. */
  activityEnd: Float64Array;
  lastTouchAt: Float64Array;
  /** Indexes into `touches`. */
  firstTouch: Int32Array;
  lastTouch: Int32Array;
  /** Relative share of the events: contacts that went further were busier. */
  weight: Uint8Array;
  touches: readonly { source: string; medium: string; campaign: string | null }[];
}

/** An activity per 1/1024 of the unit interval, in proportion to the catalog's weights. */
function activityTable(): Uint8Array {
  const total = siteActivities.reduce((s, a) => s + a.weight, 0);
  const table = new Uint8Array(1024);
  let a = 0;
  let upTo = siteActivities[0]!.weight;
  for (let i = 0; i < table.length; i++) {
    while ((i + 0.5) / table.length > upTo / total && a < siteActivities.length - 1)
      upTo += siteActivities[++a]!.weight;
    table[i] = a;
  }
  return table;
}

/**
 * One chunk: its compact rows (number, contact, time, activity, touch) are
 * COPYed into a temporary table, then expanded into events rows set-based —
 * the same rows ingest stores (an id rising with time, as ingest's v7 ids do,
 * the activity's name and properties, a Segment context, the touch on the
 * first and last touch's events) for a fifth of the client work of COPYing
 * them whole.
 */
async function storeChunk(tx: Tx, rows: CopyRow[], s: EventSources): Promise<number> {
  await tx.query(
    `CREATE TEMP TABLE bench_event_rows (n bigint, contact_id uuid, at_ms bigint, activity smallint, touch int)
     ON COMMIT DROP`,
  );
  await tx.copyFrom('bench_event_rows', ['n', 'contact_id', 'at_ms', 'activity', 'touch'], rows);
  const contexts = ['203.0.113.7', '198.51.100.23', '192.0.2.141'].map((ip) =>
    JSON.stringify({ library: { name: 'analytics.js', version: '5.2.0' }, ip, locale: 'en-US' }),
  );
  const { rowCount } = await tx.query(
    `INSERT INTO events (${eventColumns.join(', ')})
     SELECT (lpad(to_hex(e.at_ms), 12, '0') || '7' || substr(h.x, 1, 3)
               || substr('89ab', 1 + (e.n % 4)::int, 1) || substr(h.x, 4, 15))::uuid,
            e.contact_id, NULL,
            ($1::text[])[e.activity + 1], ($2::text[])[e.activity + 1], ($3::jsonb[])[e.activity + 1],
            ($4::jsonb[])[1 + (e.n % 3)::int], 'bench', 'bench-' || lpad(e.n::text, 10, '0'),
            to_timestamp(e.at_ms / 1000.0), to_timestamp(e.at_ms / 1000.0) + interval '1 second',
            ($5::text[])[e.touch + 1], ($6::text[])[e.touch + 1], ($7::text[])[e.touch + 1]
     FROM bench_event_rows e CROSS JOIN LATERAL (SELECT md5(e.n::text) AS x) h`,
    [
      siteActivities.map((a) => a.type),
      siteActivities.map((a) => a.name),
      siteActivities.map((a) => a.properties),
      contexts,
      s.touches.map((t) => t.source),
      s.touches.map((t) => t.medium),
      s.touches.map((t) => t.campaign),
    ],
  );
  return rowCount;
}

/**
 * `total` events over the contacts in proportion to their weight: the first
 * at the first touch and one at the last touch carry those touches, the rest
 * fall between creation and the end of the contact's activity. Stored in
 * time order (a counting sort by hour), as ingest would have stored them, so
 * one contact's events lie far apart in the table; the table's keys and
 * indexes are built after.
 */
export async function loadEvents(
  db: Db,
  prng: Prng,
  total: number,
  s: EventSources,
): Promise<number> {
  const n = s.contactIds.length;
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += s.weight[i]!;
  const counts = new Int32Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const share = (total * s.weight[i]!) / weightSum;
    counts[i] = Math.floor(share) + (prng.next() < share - Math.floor(share) ? 1 : 0);
    assigned += counts[i]!;
  }
  while (assigned < total) {
    counts[prng.int(n)]!++;
    assigned++;
  }
  while (assigned > total) {
    const i = prng.int(n);
    if (counts[i]! > 0) {
      counts[i]!--;
      assigned--;
    }
  }
  const contact = new Int32Array(total);
  const at = new Float64Array(total);
  const touch = new Int32Array(total).fill(-1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const from = s.created[i]!;
    const span = Math.max(0, s.activityEnd[i]! - from);
    for (let j = 0; j < counts[i]!; j++, k++) {
      contact[k] = i;
      if (j === 0) {
        at[k] = from;
        touch[k] = s.firstTouch[i]!;
      } else if (j === 1 && s.lastTouchAt[i]! > from) {
        at[k] = s.lastTouchAt[i]!;
        touch[k] = s.lastTouch[i]!;
      } else at[k] = from + prng.next() * span;
    }
  }
  let base = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < total; i++) {
    if (at[i]! < base) base = at[i]!;
    if (at[i]! > hi) hi = at[i]!;
  }
  const buckets = total > 0 ? Math.floor((hi - base) / HOUR) + 2 : 1;
  const offsets = new Int32Array(buckets + 1);
  for (let i = 0; i < total; i++) offsets[Math.floor((at[i]! - base) / HOUR) + 1]!++;
  for (let b = 1; b <= buckets; b++) offsets[b]! += offsets[b - 1]!;
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[offsets[Math.floor((at[i]! - base) / HOUR)]!++] = i;

  progress(`  events: ${total.toLocaleString('en-US')}`);
  const activities = activityTable();
  return withIndexesBuiltAfter(db, 'events', async () => {
    const report = every(total, 'events');
    const stream = new ChunkStream(db, 100_000, (tx, rows) => storeChunk(tx, rows, s));
    for (let m = 0; m < total; m++) {
      const e = order[m]!;
      await stream.push([
        String(m),
        s.contactIds[contact[e]!]!,
        String(Math.floor(at[e]!)),
        String(activities[prng.int(activities.length)]!),
        touch[e]! >= 0 ? String(touch[e]) : null,
      ]);
      report(m + 1);
    }
    return stream.end();
  });
}
