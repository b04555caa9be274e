import type { Command } from 'commander';
import {
  foldAllReportRollups,
  requestReportRefold,
} from '../services/reports/fold-report-rollups.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';

/** `tandem report refold`: every contact folded again (or the rollups rebuilt from nothing). */
export function registerReportRefoldCommand(report: Command): void {
  report
    .command('refold')
    .description(
      'fold every contact into the report rollups again (after a fix to how facts are derived); --rebuild empties them first',
    )
    .option('--rebuild', 'empty the rollups and rebuild them from the raw tables alone', false)
    .action(async (opts: { rebuild: boolean }) => {
      const folded = await withWorkspace('report refold', async (db) => {
        await requestReportRefold({ db, rebuild: opts.rebuild });
        return foldAllReportRollups(db, progressReporter());
      });
      process.stdout.write(`Folded ${folded.toLocaleString('en-US')} contacts into the reports.\n`);
    });
}
