import fs from 'node:fs';
import path from 'node:path';
import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../core/app-error.js';
import { csvRow } from '../core/csv-format.js';
import { type ImportKind, importKinds } from '../core/import/fields.js';
import type { ImportReport } from '../core/import/import-report.js';
import { parseMappingDocument } from '../core/import/mapping.js';
import { prepareImport } from '../core/import/prepare-import.js';
import { type PresetName, presetNames } from '../core/import/presets.js';
import { systemActor } from '../core/roles.js';
import { runImport } from '../services/imports/run-import.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';

interface ImportOptions {
  preset?: PresetName;
  mapping?: string;
  dryRun?: boolean;
  delimiter?: string;
  errors?: string;
}

const shownErrors = 10;

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new AppError('validation_failed', `cannot read ${what} ${file}: ${reason}`);
  }
}

function readMapping(file: string, kind: ImportKind): unknown {
  const text = readText(file, 'mapping file');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'validation_failed',
      `mapping file ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  try {
    parseMappingDocument(value, kind, '');
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const problems = error.fields.map((f) => `${f.field} ${f.message}`).join('; ');
    throw new AppError('validation_failed', `mapping file ${file} is not valid: ${problems}`);
  }
  return value;
}

/** Creates the error report file up front, so a path that cannot be written is refused before anything is imported. */
function claimReportFile(file: string): void {
  try {
    fs.writeFileSync(file, '');
  } catch (error) {
    throw new AppError(
      'validation_failed',
      `cannot write the error report ${file}: ${(error as Error).message}`,
    );
  }
}

function seconds(report: ImportReport): string {
  return `${((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000).toFixed(1)} s`;
}

function summary(report: ImportReport): string {
  const counts = `${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed`;
  const preset = report.preset ? ` (preset ${report.preset})` : '';
  return report.dryRun
    ? `Dry run of ${report.kind} from ${report.fileName}${preset}, nothing written — ${counts} in ${seconds(report)}`
    : `Imported ${report.kind} from ${report.fileName}${preset} — ${counts} in ${seconds(report)} (import ${report.id})`;
}

function describeError(e: ImportReport['errors'][number]): string {
  const where = e.column === null ? `row ${e.row}` : `row ${e.row}, ${e.column}`;
  const value = e.value === null ? '' : ` ${JSON.stringify(e.value)}`;
  return `  ${where}${value}: ${e.reason}`;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'import contacts, accounts or events from a CSV file: upserts valid rows, reports the others',
    )
    .addArgument(new Argument('<kind>', 'what the rows are').choices(importKinds))
    .argument('<file>', 'the CSV file')
    .addOption(
      new Option('--preset <name>', 'header mapping of a known export (default: detected)').choices(
        presetNames,
      ),
    )
    .option('--mapping <file.json>', 'a mapping document (see README: CSV import)')
    .option('--dry-run', 'run everything and roll back: exact counts, nothing written')
    .option(
      '--delimiter <char>',
      'field delimiter (default: detected from the header)',
      (value) => {
        const d = value === '\\t' || value === 'tab' ? '\t' : value;
        if ([...d].length !== 1) throw new InvalidArgumentError('must be one character');
        return d;
      },
    )
    .option(
      '--errors <report.csv>',
      'write every row error to this CSV file (row,column,value,reason)',
    )
    .action(async (kind: ImportKind, file: string, opts: ImportOptions) => {
      // Everything a user can get wrong is checked before the workspace is opened: a bad call changes nothing.
      const csv = readText(file, 'file');
      const mapping = opts.mapping ? readMapping(opts.mapping, kind) : undefined;
      const input = { kind, csv, preset: opts.preset, mapping, delimiter: opts.delimiter };
      const prepared = prepareImport(input);
      if (opts.errors) claimReportFile(opts.errors);

      const report = await withWorkspace('import', (db) =>
        runImport({
          ...input,
          prepared,
          db,
          actor: systemActor,
          fileName: path.basename(file),
          dryRun: opts.dryRun,
          errorLimit: Number.POSITIVE_INFINITY,
          onProgress: progressReporter(),
        }),
      );
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(summary(report));
      if (report.errorCount > 0) {
        out(
          `${report.errorCount} error(s)${report.errorCount > shownErrors ? `, the first ${shownErrors}` : ''}:`,
        );
        for (const e of report.errors.slice(0, shownErrors)) out(describeError(e));
      }
      if (opts.errors) {
        const lines = [csvRow(['row', 'column', 'value', 'reason'])];
        for (const e of report.errors) lines.push(csvRow([e.row, e.column, e.value, e.reason]));
        fs.writeFileSync(opts.errors, lines.join(''));
        out(`Wrote ${report.errorCount} error(s) to ${opts.errors}`);
      } else if (report.errorCount > shownErrors) {
        out(`Write them all with --errors report.csv`);
      }
    });
}
