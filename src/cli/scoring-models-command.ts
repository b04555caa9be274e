import { type Command, InvalidArgumentError } from 'commander';
import { systemActor } from '../core/roles.js';
import { activateScoringModel } from '../services/scoring/activate-scoring-model.js';
import { createScoringDraft } from '../services/scoring/create-scoring-draft.js';
import {
  findScoringModelVersion,
  listScoringModels,
  type ScoringModelVersion,
} from '../services/scoring/list-scoring-models.js';
import { rescoreContacts } from '../services/scoring/rescore-contacts.js';
import { RescoreRunner } from '../services/scoring/rescore-runner.js';
import { retireScoringModel } from '../services/scoring/retire-scoring-model.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';
import { readJsonFile } from './read-json-file.js';

function versionNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a version number');
  return n;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function describe(m: ScoringModelVersion): string {
  const by = m.createdBy ? ` by ${m.createdBy.name}` : '';
  const when = m.activatedAt ? `, active since ${m.activatedAt.toISOString()}` : '';
  return `v${m.version}  ${m.status.padEnd(7)}  ${m.name}  (${m.origin}${by}, ${m.createdAt.toISOString()}${when})`;
}

/** `tandem scoring models|show|draft|activate|retire|rescore`: the versions of the model. */
export function registerScoringModelCommands(scoring: Command): void {
  scoring
    .command('models')
    .description('list the versions of the scoring model, newest first')
    .action(async () => {
      const models = await withWorkspace('scoring models', (db) =>
        listScoringModels({ db, actor: systemActor }),
      );
      for (const m of models) out(describe(m));
    });

  scoring
    .command('show')
    .description('print a version’s model document as JSON')
    .argument('<version>', 'version number', versionNumber)
    .action(async (version: number) => {
      const m = await withWorkspace('scoring show', (db) =>
        findScoringModelVersion({ db, actor: systemActor, version }),
      );
      out(JSON.stringify(m.document, null, 2));
    });

  scoring
    .command('draft')
    .description('save a model document (JSON) as a new draft version')
    .argument('<file>', 'the model document')
    .requiredOption('--name <name>', 'what the version is called')
    .option('--note <text>', 'why it was drafted')
    .action(async (file: string, opts: { name: string; note?: string }) => {
      const document = readJsonFile(file);
      const m = await withWorkspace('scoring draft', (db) =>
        createScoringDraft({ db, actor: systemActor, name: opts.name, document, note: opts.note }),
      );
      out(`Saved draft ${describe(m)}`);
    });

  scoring
    .command('activate')
    .description('activate a version and rescore every contact (with progress)')
    .argument('<version>', 'version number', versionNumber)
    .action(async (version: number) => {
      await withWorkspace('scoring activate', async (db) => {
        const target = await findScoringModelVersion({ db, actor: systemActor, version });
        const { model, rescore } = await activateScoringModel({
          db,
          actor: systemActor,
          modelId: target.id,
        });
        out(`Activated ${describe(model)}`);
        const progress = progressReporter();
        const started = Date.now();
        const done = await rescoreContacts({
          db,
          rescore,
          onProgress: (n, total) => progress(n, total, 'rescoring contacts'),
        });
        out(
          `Rescored ${done?.total ?? 0} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      });
    });

  scoring
    .command('retire')
    .description('set a draft aside (activate another version to replace the active one)')
    .argument('<version>', 'version number', versionNumber)
    .action(async (version: number) => {
      const m = await withWorkspace('scoring retire', async (db) => {
        const target = await findScoringModelVersion({ db, actor: systemActor, version });
        return retireScoringModel({ db, actor: systemActor, modelId: target.id });
      });
      out(`Retired ${describe(m)}`);
    });

  scoring
    .command('rescore')
    .description('finish rescore runs a stop cut short (a server does this when it starts)')
    .action(async () => {
      await withWorkspace('scoring rescore', async (db) => {
        const failures: unknown[] = [];
        const runner = new RescoreRunner(db, (error) => failures.push(error));
        await runner.resume();
        await runner.idle();
        if (failures.length > 0) throw failures[0];
        out('No rescore left running');
      });
    });
}
