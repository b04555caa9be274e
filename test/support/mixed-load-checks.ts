import type { Db } from '../../src/store/db.js';
import type { Ledger } from './mixed-load-drivers.js';
import type { MixedMembers, Receiver } from './mixed-load-workspace.js';

/*
 * The invariants of test/reliability/mixed-load.test.ts, each read from the
 * database (and the ledger of what was acknowledged) and returned as counts of
 * violations, so one toEqual shows every broken rule of a check at once.
 */

const count = async (db: Db, sql: string, params: unknown[] = []): Promise<number> =>
  (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

/** Every acknowledged messageId stored exactly once, retries and racing resends included. */
export async function eventChecks(db: Db, ledger: Ledger) {
  const { rows } = await db.query<{ message_id: string; n: number }>(
    `SELECT message_id, count(*)::int AS n FROM events WHERE message_id LIKE 'ml-%' GROUP BY 1`,
  );
  const stored = new Map(rows.map((r) => [r.message_id, r.n]));
  const total = rows.reduce((s, r) => s + r.n, 0);
  return {
    missing: [...ledger.acknowledged].filter((id) => !stored.has(id)).length,
    duplicated: rows.filter((r) => r.n > 1).length,
    // Nothing failed in transport, so nothing can be stored without having been acknowledged.
    storedUnacknowledged: rows.filter((r) => !ledger.acknowledged.has(r.message_id)).length,
    // The answers' "stored" add up to the rows: a resend counted as a duplicate, never stored twice.
    storedAnswersMinusRows: ledger.stored - total,
    rejected: ledger.rejected.length,
  };
}

/**
 * One owner per lead: every lead handed to sales has an owner, a rep of the
 * team; routing assigned each contact at most once (a lead qualifying again
 * stays with its owner), to the owner it still has; each handoff has one set
 * of clocks, all in the owner's name.
 */
export async function ownerChecks(db: Db, m: MixedMembers) {
  const routeStages = ['mql', 'pql', 'cql'];
  return {
    handedWithoutOwner: await count(
      db,
      `SELECT count(DISTINCT t.contact_id)::int AS n FROM stage_transitions t
       JOIN contacts c ON c.id = t.contact_id
       WHERE t.to_stage = ANY($1::text[]) AND c.owner_id IS NULL`,
      [routeStages],
    ),
    ownerNotTeamRep: await count(
      db,
      'SELECT count(*)::int AS n FROM contacts WHERE owner_id IS NOT NULL AND NOT owner_id = ANY($1::uuid[])',
      [m.reps],
    ),
    assignedTwice: await count(
      db,
      `SELECT count(*)::int AS n FROM (SELECT subject_id FROM audit_log
       WHERE action = 'contact.assigned' GROUP BY 1 HAVING count(*) > 1) x`,
    ),
    assignedElsewhere: await count(
      db,
      `SELECT count(*)::int AS n FROM audit_log a JOIN contacts c ON c.id::text = a.subject_id
       WHERE a.action = 'contact.assigned' AND c.owner_id::text IS DISTINCT FROM a.changes->'ownerId'->>'to'`,
    ),
    clocksOfAnotherOwner: await count(
      db,
      `SELECT count(*)::int AS n FROM sla_clocks k JOIN contacts c ON c.id = k.contact_id
       WHERE k.owner_id IS DISTINCT FROM c.owner_id`,
    ),
    handoffsWithoutClocks: await count(
      db,
      `SELECT count(*)::int AS n FROM stage_transitions t
       WHERE t.to_stage = ANY($1::text[])
         AND (SELECT count(*) FROM sla_clocks k WHERE k.contact_id = t.contact_id AND k.handoff_seq = t.seq) <> 4`,
      [routeStages],
    ),
  };
}

/**
 * Round robin's promise (core/routing/choose-owner.ts): each routing decision
 * takes the first eligible rep after the last one chosen, in id order. Every
 * rep is always eligible here, so the k-th assignment — in the order the team
 * row's lock let them through, which is audit_log's id order — goes to
 * reps[k mod n], and per rep the counts differ by at most one.
 */
export async function fairnessChecks(db: Db, m: MixedMembers) {
  const { rows } = await db.query<{ to: string }>(
    `SELECT changes->'ownerId'->>'to' AS to FROM audit_log
     WHERE action = 'contact.assigned' AND changes->>'strategy' = 'round_robin' ORDER BY id`,
  );
  const perRep = m.reps.map((rep) => rows.filter((r) => r.to === rep).length);
  const outOfTurn = rows.filter((r, k) => r.to !== m.reps[k % m.reps.length]).length;
  return {
    decisions: rows.length,
    perRep,
    outOfTurn,
    spread: Math.max(...perRep) - Math.min(...perRep),
  };
}

/**
 * No double notification: per cause and recipient one row, counted by what
 * the row says (contact and handoff, clock, transition) rather than by its
 * dedupe key; every cause that must be told is told; every workspace row
 * reached the webhook receiver exactly once through one delivery.
 */
export async function notificationChecks(db: Db, receiver: Receiver) {
  const deliveries = await db.query<{ notification_id: string; status: string }>(
    `SELECT d.notification_id, d.status FROM notification_deliveries d
     JOIN notifications n ON n.id = d.notification_id WHERE d.channel = 'webhook'`,
  );
  const workspaceRows = await count(
    db,
    'SELECT count(*)::int AS n FROM notifications WHERE member_id IS NULL',
  );
  const delivered = new Set(deliveries.rows.map((d) => d.notification_id));
  return {
    assignedTwicePerHandoff: await count(
      db,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications WHERE type = 'lead.assigned'
       GROUP BY contact_id, payload->>'handoffSeq', member_id HAVING count(*) > 1) x`,
    ),
    // Each entry into a route stage is a handoff its owner hears of once (routed, or back to its owner).
    handoffsNotToldOnce: await count(
      db,
      `SELECT count(*)::int AS n FROM stage_transitions t JOIN contacts c ON c.id = t.contact_id
       WHERE t.to_stage IN ('mql', 'pql', 'cql') AND (SELECT count(*) FROM notifications n
         WHERE n.type = 'lead.assigned' AND n.contact_id = t.contact_id AND n.member_id = c.owner_id
           AND (n.payload->>'handoffSeq')::bigint = t.seq) <> 1`,
    ),
    // One workspace stage.changed per move a member made, per contact.
    stageChangesNotOnce: await count(
      db,
      `SELECT count(*)::int AS n FROM (
         SELECT contact_id, count(*) AS moves FROM stage_transitions WHERE actor_kind = 'member' GROUP BY 1) t
       FULL JOIN (
         SELECT contact_id, count(*) AS told FROM notifications
         WHERE type = 'stage.changed' AND member_id IS NULL GROUP BY 1) s USING (contact_id)
       WHERE t.moves IS DISTINCT FROM s.told`,
    ),
    slaTwicePerClock: await count(
      db,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications WHERE type IN ('sla.warning', 'sla.breached')
       GROUP BY type, payload->>'clockId', member_id HAVING count(*) > 1) x`,
    ),
    breachesUntold: await count(
      db,
      `SELECT count(*)::int AS n FROM sla_clocks k WHERE k.state = 'breached' AND (SELECT count(*)
         FROM notifications n WHERE n.type = 'sla.breached' AND n.payload->>'clockId' = k.id::text) <> 3`,
    ),
    workspaceRowsNotFannedOut: workspaceRows - delivered.size,
    deliveriesNotSucceeded: deliveries.rows.filter((d) => d.status !== 'succeeded').length,
    deliveriesTwice: deliveries.rows.length - delivered.size,
    receivedTwice: [...receiver.received.values()].filter((n) => n > 1).length,
    receivedNotDelivered: [...receiver.received.keys()].filter((id) => !delivered.has(id)).length,
    deliveredNotReceived: [...delivered].filter((id) => !receiver.received.has(id)).length,
  };
}

/** Stages marketing owns (core/stages.ts): a lead moved there is out of a rep's hands. */
const marketingStages = new Set([
  'subscriber',
  'lead',
  'mql',
  'pql',
  'cql',
  'recycled',
  'disqualified',
]);

/**
 * What the loser of two identical moves is told. The lead is no longer where
 * the move starts from, so the definitions refuse it: 409. But move-stage.ts
 * asks the policy first, and when the winner handed the lead back to
 * marketing (a reject or a loss: recycled, disqualified) a rep may not move
 * it at all any more: 403.
 */
function loserStatus(wonTo: string | null): number {
  return wonTo !== null && marketingStages.has(wonTo) ? 403 : 409;
}

/**
 * Every acknowledged lead action recorded once (each request carried a
 * unique note: a stage move keeps it on its transition, an attempt on its
 * event), by the member who sent it and to the stage the answer named; no
 * refused action left a trace; of two identical moves racing on two
 * processes exactly one won and the other was refused (loserStatus).
 */
export async function actionChecks(db: Db, ledger: Ledger) {
  const moves = await db.query<{
    note: string;
    n: number;
    actor_id: string;
    to_stage: string;
    contact_id: string;
  }>(
    `SELECT reason AS note, count(*) OVER (PARTITION BY reason)::int AS n, actor_id, to_stage, contact_id
     FROM stage_transitions WHERE reason LIKE 'mixed:%'`,
  );
  const attempts = await db.query<{ note: string; n: number }>(
    `SELECT properties->>'note' AS note, count(*)::int AS n FROM events
     WHERE type = 'sales_attempt' AND properties->>'note' LIKE 'mixed:%' GROUP BY 1`,
  );
  const byNote = new Map(moves.rows.map((r) => [r.note, r]));
  const attemptNotes = new Map(attempts.rows.map((r) => [r.note, r.n]));
  let movesMissing = 0;
  let movesMisrecorded = 0;
  for (const [note, move] of ledger.moves) {
    const row = byNote.get(note);
    if (!row) movesMissing++;
    else if (
      row.actor_id !== move.actorId ||
      row.to_stage !== move.to ||
      row.contact_id !== move.contactId
    )
      movesMisrecorded++;
  }
  const raceLosers = ledger.races.filter((r) => {
    if (r.statuses.includes(0)) return false; // the transport failed: counted as a fault already
    return r.statuses.join() !== `200,${loserStatus(r.wonTo)}`;
  });
  return {
    movesMissing,
    movesMisrecorded,
    movesTwice: moves.rows.filter((r) => r.n > 1).length,
    movesUnacknowledged: moves.rows.filter((r) => !ledger.moves.has(r.note)).length,
    attemptsMissing: [...ledger.attempts].filter((n) => !attemptNotes.has(n)).length,
    attemptsTwice: attempts.rows.filter((r) => r.n > 1).length,
    attemptsUnacknowledged: attempts.rows.filter((r) => !ledger.attempts.has(r.note)).length,
    refusedButStored: [...ledger.refused].filter((n) => byNote.has(n) || attemptNotes.has(n))
      .length,
    racesNotOneWinnerOneRefusal: raceLosers.map(
      (r) => `${r.action}: ${r.statuses.join(',')} (won to ${r.wonTo})`,
    ),
    unexpectedAnswers: ledger.unexpected,
  };
}

/** Figures for the summary line. */
export async function workspaceFigures(db: Db) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM contacts)::int AS contacts,
            (SELECT count(DISTINCT contact_id) FROM stage_transitions WHERE to_stage = 'mql')::int AS "leadsRouted",
            (SELECT count(*) FROM stage_transitions WHERE to_stage = 'mql')::int AS handoffs,
            (SELECT count(*) FROM stage_transitions WHERE actor_kind = 'member')::int AS "memberMoves",
            (SELECT count(*) FROM contact_merges)::int AS merges,
            (SELECT count(*) FROM sla_clocks WHERE state = 'breached')::int AS breaches,
            (SELECT count(*) FROM notifications)::int AS notifications,
            (SELECT count(*) FROM notification_deliveries)::int AS deliveries`,
  );
  return rows[0]!;
}

/** Whether the clock processes have caught up: nothing due is left for them. */
export async function backlog(db: Db) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM sla_clocks WHERE clause IN ('accept_within', 'first_attempt_within')
               AND state IN ('running', 'warned'))::int AS "shortClocksOpen",
            (SELECT count(*) FROM notifications WHERE delivered_at IS NULL)::int AS "notFannedOut",
            (SELECT count(*) FROM notification_deliveries WHERE status = 'pending')::int AS "deliveriesPending",
            (SELECT count(*) FROM report_dirty)::int AS "reportDirty"`,
  );
  return rows[0]!;
}
