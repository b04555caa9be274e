import { type Command, InvalidArgumentError, Option } from 'commander';
import { planCsv } from '../core/reports/report-csv.js';
import { systemActor } from '../core/roles.js';
import { getPlan } from '../services/reports/get-plan.js';
import { setPlan } from '../services/reports/set-plan.js';
import { withWorkspace } from './open-workspace.js';
import { formatPlan, monthArgument } from './report-views-command.js';

function amountArgument(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('must be a revenue amount of 0 or more (e.g. 250000)');
  return n;
}

/** `tandem plan set|show`: the shared plan's monthly revenue targets. */
export function registerPlanCommand(program: Command): void {
  const plan = program.command('plan').description("the shared plan: each month's revenue target");
  plan
    .command('set')
    .description("set a month's revenue target and print the plan it makes (audited as the system)")
    .argument('<month>', 'the month, YYYY-MM', monthArgument)
    .argument('<amount>', 'the revenue target', amountArgument)
    .addOption(
      new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'),
    )
    .action(async (month: string, revenueTarget: number, o: { format: string }) => {
      const doc = await withWorkspace('plan set', (db) =>
        setPlan({ db, actor: systemActor, month, revenueTarget }),
      );
      if (o.format === 'csv') process.stdout.write(planCsv(doc));
      else if (o.format === 'json') process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      else process.stdout.write(`${formatPlan(doc).join('\n')}\n`);
    });
  plan
    .command('show')
    .description('print the plan for a month (as `tandem report plan`)')
    .argument('[month]', 'the month, YYYY-MM (default this month)', monthArgument)
    .action(async (month: string | undefined) => {
      const doc = await withWorkspace('plan show', (db) =>
        getPlan({ db, actor: systemActor, month }),
      );
      process.stdout.write(`${formatPlan(doc).join('\n')}\n`);
    });
}
