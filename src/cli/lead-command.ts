import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Contact } from '../core/entities.js';
import type { Actor } from '../core/roles.js';
import { type AttemptChannel, attemptChannels } from '../core/sales-activity.js';
import { findContactByIdOrEmail } from '../services/contacts/find-contact.js';
import { listContactTransitions } from '../services/contacts/list-contact-transitions.js';
import { acceptLead } from '../services/lifecycle/accept-lead.js';
import { changeStage } from '../services/lifecycle/change-stage.js';
import { logSalesAttempt } from '../services/lifecycle/log-sales-attempt.js';
import { markLost } from '../services/lifecycle/mark-lost.js';
import { markWon } from '../services/lifecycle/mark-won.js';
import { openOpportunity } from '../services/lifecycle/open-opportunity.js';
import { qualifyLead } from '../services/lifecycle/qualify-lead.js';
import { recordQualification } from '../services/lifecycle/record-qualification.js';
import { rejectLead } from '../services/lifecycle/reject-lead.js';
import { actAsMember } from '../services/members/act-as-member.js';
import type { Db } from '../store/db.js';
import { withWorkspace } from './open-workspace.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

function amount(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function answer(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError('must look like field=answer, e.g. budget=40k');
  return { ...previous, [value.slice(0, eq).trim()]: value.slice(eq + 1) };
}

function instant(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('must be an ISO date and time');
  return d;
}

interface Acting {
  as: string;
  note?: string;
}

/** Opens the workspace, resolves `--as` and the contact, and runs one lead action. */
function act<O extends Acting>(
  name: string,
  run: (ctx: { db: Db; actor: Actor; contactId: string }, opts: O) => Promise<Contact | unknown>,
) {
  return async (contact: string, opts: O) => {
    await withWorkspace(`lead ${name}`, async (db) => {
      const actor = await actAsMember({ db, email: opts.as });
      const found = await findContactByIdOrEmail({ db, actor, key: contact });
      const result = await run({ db, actor, contactId: found.id }, opts);
      const after = await findContactByIdOrEmail({ db, actor, key: found.id });
      out(
        result && typeof result === 'object' && 'type' in result
          ? `Logged ${name} on ${describe(after)}`
          : `${describe(after)}: ${found.lifecycleStage} → ${after.lifecycleStage}`,
      );
    });
  };
}

function describe(c: Contact): string {
  return c.email ?? c.id;
}

const asOption = () =>
  new Option(
    '--as <email>',
    'the member acting (their role decides what is allowed)',
  ).makeOptionMandatory();

/** `tandem lead …`: the rep's actions on one contact, as a named member. */
export function registerLeadCommand(program: Command): void {
  const lead = program
    .command('lead')
    .description("a lead's stage, history and the lead desk's actions on it");

  lead
    .command('show')
    .description("a contact's stage, owner, qualification answers and stage history")
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .action(async (contact: string, opts: Acting) => {
      await withWorkspace('lead show', async (db) => {
        const actor = await actAsMember({ db, email: opts.as });
        const c = await findContactByIdOrEmail({ db, actor, key: contact });
        out(`${describe(c)}  stage ${c.lifecycleStage}  owner ${c.owner?.name ?? '(none)'}`);
        for (const [key, value] of Object.entries(c.qualification)) out(`  ${key}: ${value}`);
        for (const t of await listContactTransitions({ db, actor, contactId: c.id })) {
          const why = [t.reasonCode, t.amount === null ? null : `amount ${t.amount}`, t.reason]
            .filter((x) => x !== null)
            .join(', ');
          out(
            `${t.occurredAt.toISOString()}  ${t.fromStage ?? '—'} → ${t.toStage}  by ${t.actor.name ?? t.actor.kind}${why ? `  (${why})` : ''}`,
          );
        }
      });
    });

  lead
    .command('accept')
    .description('accept a lead handed over on a qualification route (→ sal)')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .option('--note <text>', 'a note recorded with the transition')
    .action(act('accept', (c, o: Acting) => acceptLead({ ...c, note: o.note })));

  lead
    .command('reject')
    .description('reject a lead with a reject reason code (→ recycled or disqualified)')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .requiredOption('--reason <code>', 'a reject reason code of the definitions in force')
    .option('--note <text>', 'what marketing should know')
    .action(
      act('reject', (c, o: Acting & { reason: string }) =>
        rejectLead({ ...c, reasonCode: o.reason, note: o.note }),
      ),
    );

  lead
    .command('attempt')
    .description('log a call, email or meeting and its outcome')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .addOption(new Option('--channel <channel>').choices(attemptChannels).makeOptionMandatory())
    .requiredOption('--outcome <outcome>', 'e.g. connected, no_answer, replied, held')
    .option('--at <time>', 'when it happened (ISO; default now)', instant)
    .option('--note <text>', 'a note')
    .action(
      act('attempt', (c, o: Acting & { channel: AttemptChannel; outcome: string; at?: Date }) =>
        logSalesAttempt({
          ...c,
          channel: o.channel,
          outcome: o.outcome,
          note: o.note,
          occurredAt: o.at,
        }),
      ),
    );

  lead
    .command('answer')
    .description("record answers to the qualification framework's fields")
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .requiredOption(
      '--set <field=answer>',
      'an answer (repeatable); an empty answer clears',
      answer,
    )
    .action(
      act('answer', (c, o: Acting & { set: Record<string, string> }) =>
        recordQualification({ ...c, answers: o.set }),
      ),
    );

  lead
    .command('qualify')
    .description('qualify a lead (→ sql); the framework must be complete')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .option('--set <field=answer>', 'answers saved first (repeatable)', answer)
    .option('--note <text>', 'a note')
    .action(
      act('qualify', (c, o: Acting & { set?: Record<string, string> }) =>
        qualifyLead({ ...c, answers: o.set, note: o.note }),
      ),
    );

  lead
    .command('opportunity')
    .description('open an opportunity for a sales qualified lead')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .option('--amount <n>', 'the expected deal value', amount)
    .option('--note <text>', 'a note')
    .action(
      act('opportunity', (c, o: Acting & { amount?: number }) =>
        openOpportunity({ ...c, amount: o.amount, note: o.note }),
      ),
    );

  lead
    .command('won')
    .description('close the deal as won (→ customer)')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .requiredOption('--amount <n>', 'the amount won', amount)
    .option('--note <text>', 'a note')
    .action(
      act('won', (c, o: Acting & { amount: number }) =>
        markWon({ ...c, amount: o.amount, note: o.note }),
      ),
    );

  lead
    .command('lost')
    .description('close the deal as lost with a lost reason code')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .requiredOption('--reason <code>', 'a lost reason code of the definitions in force')
    .option('--note <text>', 'a note')
    .action(
      act('lost', (c, o: Acting & { reason: string }) =>
        markLost({ ...c, reasonCode: o.reason, note: o.note }),
      ),
    );

  lead
    .command('move')
    .description('move a contact to any stage the definitions allow')
    .argument('<contact>', 'contact id or email')
    .addOption(asOption())
    .requiredOption('--to <stage>', 'the target stage key')
    .option('--reason <code>', 'a reason code (recycled, disqualified)')
    .option('--amount <n>', 'an amount (customer)', amount)
    .option('--note <text>', 'a note')
    .action(
      act('move', (c, o: Acting & { to: string; reason?: string; amount?: number }) =>
        changeStage({
          ...c,
          request: { to: o.to, reasonCode: o.reason, amount: o.amount, note: o.note },
        }),
      ),
    );
}
