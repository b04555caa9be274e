import { AppError } from '../../core/app-error.js';
import { systemActor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { insertEvents } from '../../store/events.js';
import { findActiveStageVersion } from '../../store/stages.js';
import { hashPassword } from '../auth/password.js';
import { foldAllReportRollups } from '../reports/fold-report-rollups.js';
import { loadActiveContract } from '../sla/active-contract.js';
import { bulkChunkSize, bulkInsert, type Column } from './bulk-insert.js';
import {
  type DemoAccount,
  type DemoContact,
  type DemoMember,
  type DemoTeam,
  type DemoTransition,
  demoPassword,
  generateDemo,
} from './generate-demo.js';
import { scoreDemoContacts } from './seed-scores.js';
import { type SlaRows, writeSlaHistory } from './seed-sla.js';
import { demoContract } from './sla-story.js';

export { demoPassword } from './generate-demo.js';

/**
 * Writes the generated demo workspace into an empty database: one transaction,
 * so a failed or interrupted seed leaves nothing behind, and set-based inserts
 * (one statement per chunk of rows) so it takes seconds on embedded PGlite.
 */

export interface DemoSummary {
  teams: number;
  members: number;
  accounts: number;
  contacts: number;
  events: number;
  transitions: number;
  /** SLA clocks of the leads handed since the start of the last whole month. */
  slaClocks: number;
  notifications: number;
  login: { email: string; password: string };
}

export type DemoProgress = (done: number, total: number, label: string) => void;

const json = (value: Record<string, unknown>) => JSON.stringify(value);

const teamColumns: Column<DemoTeam>[] = [
  ['id', 'uuid', (t) => t.id],
  ['name', 'text', (t) => t.name],
  ['side', 'text', (t) => t.side],
  ['created_at', 'timestamptz', (t) => t.createdAt],
];

const memberColumns: Column<DemoMember>[] = [
  ['id', 'uuid', (m) => m.id],
  ['email', 'text', (m) => m.email],
  ['name', 'text', (m) => m.name],
  ['role', 'text', (m) => m.role],
  ['team_id', 'uuid', (m) => m.teamId],
  ['time_zone', 'text', (m) => m.timeZone],
  ['capacity', 'int', (m) => m.capacity],
  ['business_calendar', 'jsonb', (m) => m.businessCalendar && JSON.stringify(m.businessCalendar)],
  ['created_at', 'timestamptz', (m) => m.createdAt],
  ['updated_at', 'timestamptz', (m) => m.createdAt],
];

const accountColumns: Column<DemoAccount>[] = [
  ['id', 'uuid', (a) => a.id],
  ['domain', 'text', (a) => a.domain],
  ['name', 'text', (a) => a.name],
  ['industry', 'text', (a) => a.industry],
  ['employees', 'int', (a) => a.employees],
  ['annual_revenue', 'numeric', (a) => a.annualRevenue],
  ['country', 'text', (a) => a.country],
  ['owner_id', 'uuid', (a) => a.ownerId],
  ['properties', 'jsonb', (a) => json(a.properties)],
  ['created_at', 'timestamptz', (a) => a.createdAt],
  ['updated_at', 'timestamptz', (a) => a.updatedAt],
];

const contactColumns: Column<DemoContact>[] = [
  ['id', 'uuid', (c) => c.id],
  ['email', 'text', (c) => c.email],
  ['first_name', 'text', (c) => c.firstName],
  ['last_name', 'text', (c) => c.lastName],
  ['title', 'text', (c) => c.title],
  ['phone', 'text', (c) => c.phone],
  ['account_id', 'uuid', (c) => c.accountId],
  ['owner_id', 'uuid', (c) => c.ownerId],
  ['lifecycle_stage', 'text', (c) => c.lifecycleStage],
  ['persona_key', 'text', (c) => c.personaKey],
  ['first_touch_source', 'text', (c) => c.firstTouchSource],
  ['first_touch_medium', 'text', (c) => c.firstTouchMedium],
  ['first_touch_campaign', 'text', (c) => c.firstTouchCampaign],
  ['last_touch_source', 'text', (c) => c.lastTouchSource],
  ['last_touch_medium', 'text', (c) => c.lastTouchMedium],
  ['last_touch_campaign', 'text', (c) => c.lastTouchCampaign],
  ['properties', 'jsonb', (c) => json(c.properties)],
  ['created_at', 'timestamptz', (c) => c.createdAt],
  ['updated_at', 'timestamptz', (c) => c.updatedAt],
];

/** Demo moves were checked against the definitions in force when the demo was seeded. */
type SeededTransition = DemoTransition & { definitionsVersion: number | null };

const transitionColumns: Column<SeededTransition>[] = [
  ['id', 'uuid', (t) => t.id],
  ['contact_id', 'uuid', (t) => t.contactId],
  ['from_stage', 'text', (t) => t.fromStage],
  ['to_stage', 'text', (t) => t.toStage],
  ['actor_kind', 'text', (t) => t.actorKind],
  ['actor_id', 'uuid', (t) => t.actorId],
  ['reason', 'text', (t) => t.reason],
  ['reason_code', 'text', (t) => t.reasonCode],
  ['amount', 'numeric', (t) => t.amount],
  ['definitions_version', 'int', (t) => t.definitionsVersion],
  ['occurred_at', 'timestamptz', (t) => t.occurredAt],
];

export async function seedDemo(options: {
  db: Db;
  seed: number;
  asOf: Date;
  onProgress?: DemoProgress;
}): Promise<DemoSummary> {
  const { db, seed, asOf } = options;
  // The clocks replay under the demo's contract, which takes over from the one in force.
  const active = await loadActiveContract(db);
  const contract = active ? demoContract(active.contract) : null;
  const demo = generateDemo({ seed, asOf, contract });
  const sla: SlaRows = { demo, supersedes: active?.version ?? null };
  // scrypt is slow by design and runs on libuv's thread pool: it overlaps the
  // inserts, and the hashes are filled in last (members must exist before the
  // accounts and contacts they own, so they cannot simply wait for them).
  const hashes = Promise.all(
    demo.members.map((m) => hashPassword(demoPassword, Buffer.from(m.passwordSalt, 'hex'))),
  );
  hashes.catch(() => {});
  const members = demo.members;

  const total =
    demo.teams.length +
    members.length +
    demo.accounts.length +
    demo.contacts.length +
    demo.transitions.length +
    demo.events.length +
    demo.contacts.length +
    demo.sla.clocks.length;
  let done = 0;
  const progress = (label: string) => (n: number) => {
    done += n;
    options.onProgress?.(done, total, label);
  };

  const seeded = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ present: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM contacts) AS present',
    );
    if (rows[0]?.present) {
      throw new AppError(
        'conflict',
        'The database already holds contacts; the demo needs an empty workspace (use a fresh TANDEM_DATA_DIR or database)',
      );
    }
    const taken = await tx.query<{ email: string }>(
      'SELECT email FROM members WHERE lower(email) = ANY($1::text[]) ORDER BY email',
      [members.map((m) => m.email.toLowerCase())],
    );
    if (taken.rows.length > 0) {
      throw new AppError(
        'conflict',
        `The database already has demo members (${taken.rows.map((r) => r.email).join(', ')}); the demo needs an empty workspace`,
      );
    }
    // A team created before the demo (say "Marketing") is joined rather than duplicated.
    const existing = await tx.query<{ id: string; key: string }>(
      'SELECT id, lower(name) AS key FROM teams WHERE lower(name) = ANY($1::text[])',
      [demo.teams.map((t) => t.name.toLowerCase())],
    );
    const teamIdOf = new Map(demo.teams.map((t) => [t.id, t.id]));
    for (const t of demo.teams) {
      const found = existing.rows.find((r) => r.key === t.name.toLowerCase());
      if (found) teamIdOf.set(t.id, found.id);
    }
    const newTeams = demo.teams.filter((t) => teamIdOf.get(t.id) === t.id);
    await bulkInsert(tx, 'teams', teamColumns, newTeams, progress('teams'));
    if (newTeams.length < demo.teams.length) progress('teams')(demo.teams.length - newTeams.length);
    const placed = members.map((m) => ({ ...m, teamId: m.teamId && teamIdOf.get(m.teamId)! }));
    await bulkInsert(tx, 'members', memberColumns, placed, progress('members'));
    await bulkInsert(tx, 'accounts', accountColumns, demo.accounts, progress('accounts'));
    // contacts.marketer_id arrives with the SLA contract's migration; until then it is left out.
    const credited = await tx.query(
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'contacts' AND column_name = 'marketer_id'",
    );
    const columns: Column<DemoContact>[] =
      credited.rows.length > 0
        ? [...contactColumns, ['marketer_id', 'uuid', (c) => c.marketerId]]
        : contactColumns;
    await bulkInsert(tx, 'contacts', columns, demo.contacts, progress('contacts'));
    const definitionsVersion = (await findActiveStageVersion(tx))?.version ?? null;
    await bulkInsert(
      tx,
      'stage_transitions',
      transitionColumns,
      demo.transitions.map((t) => ({ ...t, definitionsVersion })),
      progress('stage transitions'),
    );
    let events = 0;
    for (let start = 0; start < demo.events.length; start += bulkChunkSize) {
      const chunk = demo.events.slice(start, start + bulkChunkSize);
      events += (await insertEvents(tx, chunk)).length;
      progress('events')(chunk.length);
    }

    await scoreDemoContacts(tx, { now: asOf, onProgress: progress('scores') });
    const written = await writeSlaHistory(tx, sla, progress('SLA clocks'));

    await tx.query(
      `UPDATE members m SET password_hash = h.hash
       FROM unnest($1::uuid[], $2::text[]) AS h (id, hash) WHERE m.id = h.id`,
      [members.map((m) => m.id), await hashes],
    );

    const summary = {
      teams: demo.teams.length,
      members: members.length,
      accounts: demo.accounts.length,
      contacts: demo.contacts.length,
      events,
      transitions: demo.transitions.length,
      slaClocks: written.clocks,
      notifications: written.notifications,
    };
    await insertAudit(tx, systemActor, {
      action: 'demo.seeded',
      subjectType: 'workspace',
      subjectId: null,
      changes: { seed, asOf: asOf.toISOString(), ...summary },
      occurredAt: asOf,
    });
    const admin = members.find((m) => m.role === 'admin')!;
    return { ...summary, login: { email: admin.email, password: demoPassword } };
  });
  // The reports read only the rollups: the demo opens with them current.
  await foldAllReportRollups(db, options.onProgress);
  return seeded;
}
