import type { Queryable } from './db.js';

/** Contacts whose persona changed: written with one statement. */
export async function updatePersonaKeys(
  q: Queryable,
  changes: readonly { contactId: string; personaKey: string | null }[],
): Promise<void> {
  if (changes.length === 0) return;
  await q.query(
    `UPDATE contacts c SET persona_key = x.persona_key
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, persona_key text)
     WHERE c.id = x.id AND c.persona_key IS DISTINCT FROM x.persona_key`,
    [JSON.stringify(changes.map((c) => ({ id: c.contactId, persona_key: c.personaKey })))],
  );
}

/** How many contacts are matched to each persona key (keys nobody matches are absent). */
export async function countContactsByPersona(q: Queryable): Promise<Map<string, number>> {
  const { rows } = await q.query<{ persona_key: string; n: number }>(
    `SELECT persona_key, count(*)::int AS n FROM contacts
     WHERE persona_key IS NOT NULL GROUP BY persona_key`,
  );
  return new Map(rows.map((r) => [r.persona_key, r.n]));
}

/** A background re-match of every contact after a version changed the personas. */
export interface PersonaRematch {
  versionId: string;
  status: 'running' | 'completed' | 'stopped';
  total: number;
  done: number;
  /** The last contact handled: a resumed run goes on after it. */
  afterId: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

interface RematchRow {
  version_id: string;
  status: PersonaRematch['status'];
  total: number;
  done: number;
  after_id: string | null;
  started_at: Date;
  finished_at: Date | null;
}

function toRematch(r: RematchRow): PersonaRematch {
  return {
    versionId: r.version_id,
    status: r.status,
    total: r.total,
    done: r.done,
    afterId: r.after_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** Opens the run for a version that just took effect, counting the contacts it will go over. */
export async function insertRematch(q: Queryable, versionId: string): Promise<PersonaRematch> {
  const { rows } = await q.query<RematchRow>(
    `INSERT INTO persona_rematches (version_id, status, total)
     SELECT $1, 'running', count(*) FROM contacts RETURNING *`,
    [versionId],
  );
  return toRematch(rows[0]!);
}

/** Ends the runs still going; true when there was one (its re-match is unfinished). */
export async function stopRunningRematches(q: Queryable): Promise<boolean> {
  const { rows } = await q.query(
    `UPDATE persona_rematches SET status = 'stopped', finished_at = now()
     WHERE status = 'running' RETURNING version_id`,
  );
  return rows.length > 0;
}

/** The run's row, locked for the page that advances it. */
export async function lockRematch(q: Queryable, versionId: string): Promise<PersonaRematch | null> {
  const { rows } = await q.query<RematchRow>(
    'SELECT * FROM persona_rematches WHERE version_id = $1 FOR UPDATE',
    [versionId],
  );
  return rows[0] ? toRematch(rows[0]) : null;
}

export async function recordRematchPage(
  q: Queryable,
  versionId: string,
  page: { count: number; lastId: string },
): Promise<{ done: number; total: number }> {
  const { rows } = await q.query<{ done: number; total: number }>(
    `UPDATE persona_rematches SET done = done + $2, after_id = $3 WHERE version_id = $1
     RETURNING done, total`,
    [versionId, page.count, page.lastId],
  );
  return rows[0]!;
}

export async function finishRematch(
  q: Queryable,
  versionId: string,
  status: 'completed' | 'stopped',
): Promise<PersonaRematch> {
  // Contacts created during the run are counted as they are handled, so the total grows to fit.
  const { rows } = await q.query<RematchRow>(
    `UPDATE persona_rematches SET status = $2, finished_at = now(), total = greatest(total, done)
     WHERE version_id = $1 RETURNING *`,
    [versionId, status],
  );
  return toRematch(rows[0]!);
}

export async function listRematches(
  q: Queryable,
  versionIds: readonly string[],
): Promise<Map<string, PersonaRematch>> {
  if (versionIds.length === 0) return new Map();
  const { rows } = await q.query<RematchRow>(
    'SELECT * FROM persona_rematches WHERE version_id = ANY($1::uuid[])',
    [versionIds],
  );
  return new Map(rows.map((r) => [r.version_id, toRematch(r)]));
}

export async function listRunningRematches(q: Queryable): Promise<PersonaRematch[]> {
  const { rows } = await q.query<RematchRow>(
    `SELECT * FROM persona_rematches WHERE status = 'running' ORDER BY started_at`,
  );
  return rows.map(toRematch);
}
