import fs from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../core/app-error.js';
import { systemActor } from '../core/roles.js';
import type { OutcomeCounts } from '../core/scoring/backtest/backtest.js';
import { type OutcomeStage, outcomeStages } from '../core/scoring/backtest/outcomes.js';
import { parseScoringModel } from '../core/scoring/validate-model.js';
import {
  type BacktestModelResult,
  type BacktestResult,
  type CompareWith,
  defaultQuotaPerRep,
  runBacktest,
} from '../services/scoring/run-backtest.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';

interface BacktestOptions {
  model: string;
  against: CompareWith;
  from?: string;
  to?: string;
  quotaPerRep: number;
  outcome: OutcomeStage;
  json?: boolean;
}

/** Read and checked before the workspace is opened: a bad file changes nothing and says why in one line. */
function readModel(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new AppError('validation_failed', `cannot read model file ${file}: ${reason}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'validation_failed',
      `model file ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  try {
    parseScoringModel(document);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const problems = error.fields.map((f) => `${f.field} ${f.message}`).join('; ');
    throw new AppError('validation_failed', `model file ${file} is not valid: ${problems}`);
  }
  return document;
}

function parseAgainst(value: string): CompareWith {
  if (value === 'active' || value === 'none') return value;
  if (/^[1-9]\d{0,8}$/.test(value)) return { version: Number(value) };
  throw new InvalidArgumentError('must be active, none or a version number');
}

function parseQuota(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 10_000)
    throw new InvalidArgumentError('must be a number from 0 to 10000');
  return n;
}

function parseMonthOption(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('must be YYYY-MM');
  return value;
}

/* Plain text tables: right-aligned figures under left-aligned headings. */

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits: number) => (x === null ? '–' : x.toFixed(digits));

function modelName(m: BacktestModelResult, file: string): string {
  return m.model.source === 'document'
    ? file
    : `v${m.model.version} "${m.model.name}" (${m.model.status})`;
}

const shortName = (m: BacktestModelResult) =>
  m.model.source === 'document' ? 'file' : `v${m.model.version}`;

function rateCells(o: OutcomeCounts): string[] {
  return [int(o.contacts), pct(o.acceptanceRate), pct(o.sqlRate), pct(o.winRate)];
}

export function formatBacktest(r: BacktestResult, file: string): string[] {
  const [first, second] = r.models;
  const models = r.models;
  const lines: string[] = [];
  lines.push(
    `Backtest of ${modelName(first!, file)}${second ? ` beside ${modelName(second, file)}` : ''}, ${r.period.from} to ${r.period.to} (history up to ${r.period.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC)`,
  );
  lines.push(
    `${int(r.contacts)} contacts known; ${int(r.cohort)} in the cohort (handed to sales in the period, or never). Quota: ${r.quota.perRep} MQLs × ${r.quota.reps} reps = ${int(r.quota.perMonth)} a month.`,
  );

  lines.push('', 'Qualified per month (first qualification; mql/pql/cql)');
  const head = [
    'month',
    'quota',
    ...models.flatMap((m) => [shortName(m), 'mql/pql/cql']),
    'handed over',
  ];
  const monthRows = r.period.months.map((month, i) => [
    month,
    int(r.quota.perMonth),
    ...models.flatMap((m) => {
      const x = m.months[i]!;
      return [int(x.qualified), `${x.mql}/${x.pql}/${x.cql}`];
    }),
    int(r.handoffs[i]!.count),
  ]);
  const totals = [
    'total',
    int(r.quota.perMonth * r.period.months.length),
    ...models.flatMap((m) => [int(m.qualified), '']),
    int(r.handoffs.reduce((s, h) => s + h.count, 0)),
  ];
  lines.push(...table([head, ...monthRows, totals]).map((l) => `  ${l}`));

  lines.push('', 'Outcomes by band over the cohort (band at qualification, else at the end)');
  for (const m of models) {
    const rows = [
      ['', 'contacts', 'accepted', 'SQL', 'won'],
      ...m.bands.map((b) => [b.band, ...rateCells(b)]),
      ['qualified', ...rateCells(m.qualifiedCohort)],
      ['not qualified', ...rateCells(m.notQualifiedCohort)],
    ];
    lines.push(`  ${shortName(m)}`, ...table(rows).map((l) => `    ${l}`));
  }

  lines.push(
    '',
    `Ranking: score at handoff (or the period's end) against reaching ${r.outcome.toUpperCase()}`,
  );
  lines.push(
    ...table([
      ['', ...models.map(shortName)],
      ['ROC AUC', ...models.map((m) => num(m.ranking.auc, 3))],
      ['top 10% lift', ...models.map((m) => num(m.ranking.topDecileLift, 2))],
      ['top 30% captured', ...models.map((m) => pct(m.ranking.gains[2]?.captured ?? null))],
      ['positives', ...models.map((m) => int(m.ranking.positives))],
    ]).map((l) => `  ${l}`),
  );
  return lines;
}

export function registerScoringBacktest(scoring: Command): void {
  scoring
    .command('backtest')
    .description(
      'replay a model file over stored history beside the active version: MQLs per month against the quota, outcomes by band, ROC AUC and lift',
    )
    .requiredOption('--model <file.json>', 'the scoring model document to test')
    .option(
      '--against <active|none|version>',
      'what to compare it with: the active version, none, or a version number',
      parseAgainst,
      'active' as CompareWith,
    )
    .option(
      '--from <YYYY-MM>',
      'first month (default: 12 months back, or the first contact)',
      parseMonthOption,
    )
    .option('--to <YYYY-MM>', 'last month, included (default: this month)', parseMonthOption)
    .option(
      '--quota-per-rep <n>',
      `MQLs each sales rep is promised a month (the SLA's quota; default ${defaultQuotaPerRep})`,
      parseQuota,
      defaultQuotaPerRep,
    )
    .addOption(
      new Option('--outcome <stage>', 'what the ranking predicts reaching')
        .choices(outcomeStages)
        .default('sql'),
    )
    .option('--json', 'print the whole result as JSON')
    .action(async (opts: BacktestOptions) => {
      const document = readModel(opts.model);
      const result = await withWorkspace('scoring backtest', (db) =>
        runBacktest({
          db,
          actor: systemActor,
          document,
          compareWith: opts.against,
          from: opts.from,
          to: opts.to,
          quotaPerRep: opts.quotaPerRep,
          outcome: opts.outcome,
          onProgress: progressReporter(),
        }),
      );
      const out = opts.json
        ? [JSON.stringify(result, null, 2)]
        : formatBacktest(result, opts.model);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
