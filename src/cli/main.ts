#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config.js';
import { AppError } from '../core/app-error.js';
import { registerDataCommands } from './data-commands.js';
import { registerDefinitionsCommand } from './definitions-command.js';
import { registerExportCommand } from './export-command.js';
import { registerImportCommand } from './import-command.js';
import { registerLeadCommand } from './lead-command.js';
import { registerPlanCommand } from './plan-command.js';
import { registerReportCommand } from './report-command.js';
import { registerScoringCommand } from './scoring-command.js';
import { registerServe } from './serve.js';
import { registerSlaCommand } from './sla-command.js';

const program = new Command()
  .name('tandem')
  .description('Tandem — the lead desk shared by marketing and sales')
  .showHelpAfterError('(run "tandem --help" for usage)')
  .exitOverride();

registerServe(program);
registerDataCommands(program);
registerExportCommand(program);
registerImportCommand(program);
registerScoringCommand(program);
registerLeadCommand(program);
registerDefinitionsCommand(program);
registerReportCommand(program);
registerPlanCommand(program);
registerSlaCommand(program);

/** One line with the reason and a non-zero exit, for every failure a user can cause. */
function fail(error: unknown): never {
  const message =
    error instanceof AppError ||
    error instanceof ConfigError ||
    error instanceof InvalidArgumentError
      ? error.message
      : error instanceof Error
        ? `unexpected error: ${error.message}`
        : String(error);
  process.stderr.write(`tandem: ${message}\n`);
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (
    code === 'commander.helpDisplayed' ||
    code === 'commander.version' ||
    code === 'commander.help'
  )
    process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(1);
  fail(error);
}
