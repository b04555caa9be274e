import {
  type ContactFact,
  deriveContactFact,
  type FactDefinitions,
  factDeltas,
  handoffAt,
} from '../../core/reports/contact-fact.js';
import type { Db } from '../../store/db.js';
import {
  applyRollupDeltas,
  claimDirtyContacts,
  clearReportRollups,
  countDirtyContacts,
  followDefinitionsVersion,
  loadFoldInputs,
  loadScoresAt,
  markAllContactsDirty,
  writeContactFacts,
} from '../../store/report-rollups.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';

export interface FoldReportRollupsInput {
  db: Db;
  /** Contacts folded in this one transaction; default 2000. */
  limit?: number;
}

export interface FoldResult {
  folded: number;
  /** Dirty contacts left for the next fold. */
  pending: number;
}

/**
 * Folds up to `limit` dirty contacts into the report rollups in one
 * transaction: claims them (SKIP LOCKED, so folds running side by side take
 * different contacts and a contact being changed right now waits for the next
 * fold), derives what each contributes now, and adds the difference from what
 * it contributed before. A contact deleted or merged away contributes nothing.
 */
export async function foldReportRollups(input: FoldReportRollupsInput): Promise<FoldResult> {
  const limit = input.limit ?? 2000;
  const folded = await input.db.transaction(async (tx) => {
    const active = await loadActiveDefinitions(tx);
    await followDefinitionsVersion(tx, active.version);
    const ids = await claimDirtyContacts(tx, limit);
    if (ids.length === 0) return 0;
    const definitions: FactDefinitions = {
      version: active.version,
      stages: active.stages.map((s) => ({ key: s.key, position: s.position, kind: s.kind })),
      reasonCodes: active.reasonCodes.map((r) => ({ key: r.key, kind: r.kind })),
    };
    const inputs = await loadFoldInputs(tx, ids);
    const handoffs = inputs.contacts.flatMap((contact) => {
      const at = handoffAt(contact, inputs.transitions.get(contact.id) ?? [], definitions);
      return at === null ? [] : [{ contactId: contact.id, at }];
    });
    const scores = await loadScoresAt(tx, handoffs);
    const facts = inputs.contacts.map((contact) => ({
      contactId: contact.id,
      fact: deriveContactFact({
        contact,
        transitions: inputs.transitions.get(contact.id) ?? [],
        scoreAtHandoff: scores.get(contact.id) ?? null,
        definitions,
      }),
    }));
    const present = new Set(facts.map((f) => f.contactId));
    const gone: { contactId: string; fact: ContactFact }[] = [];
    for (const [contactId, fact] of inputs.facts)
      if (!present.has(contactId)) gone.push({ contactId, fact });
    const deltas = [
      ...facts.flatMap((f) => factDeltas(inputs.facts.get(f.contactId) ?? null, f.fact)),
      ...gone.flatMap((g) => factDeltas(g.fact, null)),
    ];
    await applyRollupDeltas(tx, deltas);
    await writeContactFacts(
      tx,
      facts,
      gone.map((g) => g.contactId),
    );
    return ids.length;
  });
  return { folded, pending: await countDirtyContacts(input.db) };
}

/** Dirty contacts not folded yet: what a report shown now leaves out. */
export async function pendingReportFolds(db: Db): Promise<number> {
  return countDirtyContacts(db);
}

/**
 * Asks for every contact to be folded again (after a fix to the fact rules,
 * say). With `rebuild`, the rollups and facts are emptied first, so they are
 * rebuilt from the raw tables alone; reports show partial figures until the
 * folds finish. Returns the contacts pending.
 */
export async function requestReportRefold(input: { db: Db; rebuild?: boolean }): Promise<number> {
  return input.db.transaction(async (tx) => {
    if (input.rebuild) await clearReportRollups(tx);
    return markAllContactsDirty(tx);
  });
}

/**
 * Folds every pending contact into the report rollups, a batch per
 * transaction, reporting progress; returns the contacts folded.
 */
export async function foldAllReportRollups(
  db: Db,
  report: (done: number, total: number, label: string) => void = () => {},
): Promise<number> {
  const total = await pendingReportFolds(db);
  let done = 0;
  report(0, total, 'folding reports');
  for (;;) {
    const { folded, pending } = await foldReportRollups({ db, limit: 5000 });
    done += folded;
    // Writers may mark more contacts meanwhile: the total grows with them.
    report(done, done + pending, 'folding reports');
    if (folded === 0 || pending === 0) return done;
  }
}
