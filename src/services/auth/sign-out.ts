import type { Db } from '../../store/db.js';
import { deleteSession } from '../../store/sessions.js';
import { sha256 } from './tokens.js';

export async function signOut(input: { db: Db; sessionToken: string }): Promise<void> {
  await deleteSession(input.db, sha256(input.sessionToken));
}
