import type { Queryable } from './db.js';

export interface Rescore {
  id: string;
  modelId: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  done: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

interface RescoreRow {
  id: string;
  model_id: string;
  status: Rescore['status'];
  total: number;
  done: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

function toRescore(r: RescoreRow): Rescore {
  return {
    id: r.id,
    modelId: r.model_id,
    status: r.status,
    total: r.total,
    done: r.done,
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** Starts a run over every contact; any run still going for an older model is ended. */
export async function insertRescore(q: Queryable, modelId: string): Promise<Rescore> {
  await q.query(
    `UPDATE rescores SET status = 'failed', error = 'a newer model version was activated', finished_at = now()
     WHERE status = 'running'`,
  );
  const { rows } = await q.query<RescoreRow>(
    `INSERT INTO rescores (model_id, status, total) SELECT $1, 'running', count(*) FROM contacts
     RETURNING *`,
    [modelId],
  );
  return toRescore(rows[0]!);
}

export async function recordRescoreProgress(q: Queryable, id: string, n: number): Promise<void> {
  await q.query('UPDATE rescores SET done = least(done + $2, total) WHERE id = $1', [id, n]);
}

export async function finishRescore(
  q: Queryable,
  id: string,
  status: 'completed' | 'failed',
  error: string | null,
): Promise<Rescore> {
  const { rows } = await q.query<RescoreRow>(
    `UPDATE rescores SET status = $2, error = $3, finished_at = now(),
            done = CASE WHEN $2 = 'completed' THEN total ELSE done END
     WHERE id = $1 RETURNING *`,
    [id, status, error],
  );
  return toRescore(rows[0]!);
}

export async function getRescore(q: Queryable, id: string): Promise<Rescore | null> {
  const { rows } = await q.query<RescoreRow>('SELECT * FROM rescores WHERE id = $1', [id]);
  return rows[0] ? toRescore(rows[0]) : null;
}

/** Runs cut short by a stop, to resume at start-up. */
export async function listRunningRescores(q: Queryable): Promise<Rescore[]> {
  const { rows } = await q.query<RescoreRow>(
    `SELECT * FROM rescores WHERE status = 'running' ORDER BY started_at`,
  );
  return rows.map(toRescore);
}

export async function listRescores(q: Queryable, limit: number): Promise<Rescore[]> {
  const { rows } = await q.query<RescoreRow>(
    'SELECT * FROM rescores ORDER BY started_at DESC LIMIT $1',
    [limit],
  );
  return rows.map(toRescore);
}
