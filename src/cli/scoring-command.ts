import type { Command } from 'commander';
import { registerScoringBacktest } from './scoring-backtest-command.js';
import { registerScoringFit } from './scoring-fit-command.js';
import { registerScoringModelCommands } from './scoring-models-command.js';

/**
 * `tandem scoring …`: model versions, rescoring, backtests and learned models.
 * Each subcommand lives in its own file and registers itself on this group.
 */
export function registerScoringCommand(program: Command): void {
  const scoring = program
    .command('scoring')
    .description('lead scoring: model versions, backtests and learned models');
  registerScoringModelCommands(scoring);
  registerScoringFit(scoring);
  registerScoringBacktest(scoring);
}
