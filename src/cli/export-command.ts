import { once } from 'node:events';
import fs from 'node:fs';
import { Argument, type Command, Option } from 'commander';
import { systemActor } from '../core/roles.js';
import { type ExportFormat, exportRecords } from '../services/export/export-records.js';
import type { ExportKind } from '../store/exports.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'write every contact or event as CSV or JSON Lines (to standard output unless --out)',
    )
    .addArgument(new Argument('<kind>', 'what to export').choices(['contacts', 'events']))
    .addOption(
      new Option('--format <format>', 'file format').choices(['csv', 'jsonl']).default('csv'),
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (kind: ExportKind, opts: { format: ExportFormat; out?: string }) => {
      await withWorkspace('export', async (db) => {
        const out = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
        let rows = 0;
        for await (const chunk of exportRecords({
          db,
          actor: systemActor,
          kind,
          format: opts.format,
          onProgress: progressReporter(),
        })) {
          rows++;
          // Respect back-pressure so a large export does not pile up in memory.
          if (!out.write(chunk)) await once(out, 'drain');
        }
        if (opts.out) {
          await new Promise<void>((resolve, reject) =>
            (out as fs.WriteStream).end((error?: Error | null) =>
              error ? reject(error) : resolve(),
            ),
          );
          process.stderr.write(
            `Wrote ${opts.format === 'csv' ? rows - 1 : rows} ${kind} to ${opts.out}\n`,
          );
        }
      });
    });
}
