import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import {
  getRescore as loadRescore,
  listRescores as loadRescores,
  type Rescore,
} from '../../store/rescores.js';

export async function getRescore(input: {
  db: Db;
  actor: Actor;
  rescoreId: string;
}): Promise<Rescore> {
  authorize(input.actor, { action: 'scoring.read' });
  const rescore = await loadRescore(input.db, input.rescoreId);
  if (!rescore) throw new AppError('not_found', 'no such rescore');
  return rescore;
}

export async function listRescores(input: { db: Db; actor: Actor }): Promise<Rescore[]> {
  authorize(input.actor, { action: 'scoring.read' });
  return loadRescores(input.db, 20);
}

export type { Rescore };
