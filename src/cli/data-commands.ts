import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.js';
import { AppError } from '../core/app-error.js';
import { type ApiKeyScope, apiKeyScopes, roles, systemActor } from '../core/roles.js';
import { createApiKey } from '../services/api-keys/create-api-key.js';
import { newToken } from '../services/auth/tokens.js';
import { seedDemo } from '../services/demo/seed-demo.js';
import { createMember } from '../services/members/create-member.js';
import { prepareWorkspace } from '../services/workspace/prepare-workspace.js';
import { openDatabase } from '../store/open-database.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

function isoDate(value: string): Date {
  const d = new Date(`${value}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError('must be a date like 2026-11-01');
  return d;
}

function todayUtc(): Date {
  return new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
}

const out = (line: string) => process.stdout.write(`${line}\n`);

export function registerDataCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply the database migrations (also done by serve)')
    .action(async () => {
      const config = loadConfig();
      const { db, location } = await openDatabase(config, 'migrate');
      try {
        const result = await prepareWorkspace(db);
        out(
          `${location}: ${result.applied.length} migration(s) applied, ${result.total} in all${result.seededStages ? '; default stage definitions seeded' : ''}`,
        );
      } finally {
        await db.close();
      }
    });

  program
    .command('demo')
    .description(
      'fill an empty workspace with a realistic demo (teams, reps, 2,000 contacts, 90 days of events)',
    )
    .option('--seed <n>', 'random seed: the same seed gives the same data', positiveInt, 1)
    .option(
      '--as-of <date>',
      'the day the 90 days of history end (YYYY-MM-DD, default today)',
      isoDate,
    )
    .action(async (opts: { seed: number; asOf?: Date }) => {
      await withWorkspace('demo', async (db, ws) => {
        const summary = await seedDemo({
          db,
          seed: opts.seed,
          asOf: opts.asOf ?? todayUtc(),
          onProgress: progressReporter(),
        });
        out(
          `Demo workspace in ${ws.location}: ${summary.members} members, ${summary.accounts} accounts, ${summary.contacts} contacts, ${summary.events} events, ${summary.transitions} stage transitions`,
        );
        out(`Sign in as ${summary.login.email} / ${summary.login.password}`);
      });
    });

  const users = program.command('users').description('manage members');
  users
    .command('create')
    .description('create a member who can sign in')
    .requiredOption('--email <email>', 'sign-in email')
    .addOption(new Option('--role <role>', 'role').choices(roles).makeOptionMandatory())
    .option(
      '--password <password>',
      'password (at least 8 characters; generated and printed when left out)',
    )
    .option('--name <name>', 'display name')
    .option('--team <team>', 'team name')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Berlin', 'UTC')
    .action(
      async (opts: {
        email: string;
        role: (typeof roles)[number];
        password?: string;
        name?: string;
        team?: string;
        timeZone: string;
      }) => {
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email))
          throw new AppError('validation_failed', `"${opts.email}" is not an email address`);
        const password = opts.password ?? newToken(12);
        await withWorkspace('users create', async (db) => {
          const member = await createMember({
            db,
            actor: systemActor,
            email: opts.email,
            role: opts.role,
            password,
            name: opts.name,
            teamName: opts.team,
            timeZone: opts.timeZone,
          });
          out(`Created ${member.role} ${member.email} (${member.id})`);
          if (!opts.password) out(`Password: ${password}`);
        });
      },
    );

  const keys = program.command('keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key; it is printed once')
    .requiredOption(
      '--scope <scopes>',
      `comma-separated scopes: ${apiKeyScopes.join(', ')}`,
      (value: string) => {
        const scopes = value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = scopes.filter((s) => !(apiKeyScopes as readonly string[]).includes(s));
        if (scopes.length === 0 || bad.length > 0)
          throw new InvalidArgumentError(
            `unknown scope ${bad.join(', ') || '(none)'}; use ${apiKeyScopes.join(', ')}`,
          );
        return scopes as ApiKeyScope[];
      },
    )
    .option('--name <name>', 'what the key is for', 'cli')
    .action(async (opts: { scope: ApiKeyScope[]; name: string }) => {
      await withWorkspace('keys create', async (db) => {
        const { apiKey, key } = await createApiKey({
          db,
          actor: systemActor,
          name: opts.name,
          scopes: opts.scope,
        });
        out(
          `Created API key "${apiKey.name}" (${apiKey.id}) with scopes ${apiKey.scopes.join(', ')}. It is shown only now:`,
        );
        out(key);
      });
    });
}
