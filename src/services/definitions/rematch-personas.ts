import { matchPersona } from '../../core/personas.js';
import { loadScoringInputPage } from '../../store/contact-scores.js';
import type { Db, Tx } from '../../store/db.js';
import {
  finishRematch,
  lockRematch,
  type PersonaRematch,
  recordRematchPage,
  updatePersonaKeys,
} from '../../store/personas.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { scoreContacts } from '../scoring/score-contacts.js';

export const rematchBatchSize = 1000;

type PageOutcome =
  | { kind: 'page'; done: number; total: number }
  | { kind: 'over'; rematch: PersonaRematch };

/**
 * Matches every contact to the personas of a version that just took effect,
 * a page of contacts by id per transaction: the contacts whose persona
 * changed are written and scored again (fit rules may name personas), and
 * the run's row records the last contact handled in the same transaction, so
 * a run cut short resumes exactly where it stopped. A run whose version is no
 * longer in force stops; the newer version's run takes over.
 */
export async function rematchPersonas(input: {
  db: Db;
  versionId: string;
  batchSize?: number;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Stops between pages, leaving the run `running` for the next start. */
  signal?: AbortSignal;
}): Promise<PersonaRematch | null> {
  const { db, versionId } = input;
  const now = input.now ?? (() => new Date());
  const limit = input.batchSize ?? rematchBatchSize;
  for (;;) {
    if (input.signal?.aborted) return null;
    const outcome = await db.transaction((tx) =>
      rematchPage(tx, { versionId, limit, now: now(), lock: db.kind === 'postgres' }),
    );
    if (outcome === null) return null;
    if (outcome.kind === 'over') return outcome.rematch;
    input.onProgress?.(outcome.done, Math.max(outcome.done, outcome.total));
  }
}

async function rematchPage(
  tx: Tx,
  page: { versionId: string; limit: number; now: Date; lock: boolean },
): Promise<PageOutcome | null> {
  // Shared lock on the version row: it cannot be superseded while this page is written.
  const { rows } = await tx.query<{ status: string }>(
    'SELECT status FROM stage_definition_versions WHERE id = $1 FOR SHARE',
    [page.versionId],
  );
  const run = await lockRematch(tx, page.versionId);
  if (!run) return null;
  if (run.status !== 'running') return { kind: 'over', rematch: run };
  if (rows[0]?.status !== 'active')
    return { kind: 'over', rematch: await finishRematch(tx, page.versionId, 'stopped') };
  const inputs = await loadScoringInputPage(tx, {
    afterId: run.afterId,
    limit: page.limit,
    lock: page.lock,
  });
  if (inputs.length === 0)
    return { kind: 'over', rematch: await finishRematch(tx, page.versionId, 'completed') };
  const { personas } = await loadActiveDefinitions(tx);
  const changes: { contactId: string; personaKey: string | null }[] = [];
  for (const input of inputs) {
    const key = matchPersona(personas, input.contact);
    if (key !== input.contact.personaKey)
      changes.push({ contactId: input.contactId, personaKey: key });
  }
  await updatePersonaKeys(tx, changes);
  if (changes.length > 0)
    await scoreContacts(tx, {
      now: page.now,
      lock: page.lock,
      profile: changes.map((c) => c.contactId),
    });
  const progress = await recordRematchPage(tx, page.versionId, {
    count: inputs.length,
    lastId: inputs[inputs.length - 1]!.contactId,
  });
  return { kind: 'page', ...progress };
}
