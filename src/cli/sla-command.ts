import { type Command, InvalidArgumentError, Option } from 'commander';
import { type Actor, systemActor, type TeamSide } from '../core/roles.js';
import { type SalesClauseKey, salesClauseKeys } from '../core/sla/contract.js';
import type { SalesFigures } from '../core/sla/scorecard.js';
import { actAsMember } from '../services/members/act-as-member.js';
import { getSlaScorecard } from '../services/sla/get-sla-scorecard.js';
import { listSlaContracts } from '../services/sla/list-sla-contracts.js';
import { nameScorecard } from '../services/sla/name-scorecard.js';
import { proposeSlaContract } from '../services/sla/propose-sla-contract.js';
import type { PeriodScorecard } from '../services/sla/read-period-scorecard.js';
import { signSlaContract } from '../services/sla/sign-sla-contract.js';
import type { SlaContractVersion } from '../services/sla/sla-contract-version.js';
import { withWorkspace } from './open-workspace.js';
import { readJsonFile } from './read-json-file.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Checked before the workspace is opened, so a typo costs nothing. */
function monthKey(value: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new InvalidArgumentError('must be a month, YYYY-MM');
  return value;
}

function versionNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a version number');
  return n;
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

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const hours = (ms: number | null) => (ms === null ? '–' : `${(ms / 3_600_000).toFixed(1)} h`);
const quota = (delivered: number, q: number | null) =>
  q === null ? `${delivered}` : `${delivered}/${q}`;
const clauseShort: Record<SalesClauseKey, string> = {
  accept_within: 'accept',
  first_attempt_within: '1st attempt',
  attempt_cadence: 'cadence',
  outcome_recorded: 'outcome',
};

function salesCells(name: string, f: SalesFigures): string[] {
  return [
    name,
    quota(f.delivered, f.quota),
    `${f.accepted}/${f.rejected}`,
    pct(f.acceptanceRate),
    hours(f.firstAttempt.medianMs),
    hours(f.firstAttempt.p90Ms),
    ...salesClauseKeys.map((k) => pct(f.clauses[k].withinShare)),
    pct(f.withinSla.withinShare),
    `${f.outcomesRecorded.recorded}/${f.delivered}`,
  ];
}

const salesHead = [
  '',
  'leads/quota',
  'acc/rej',
  'accept %',
  'median 1st',
  'p90 1st',
  ...salesClauseKeys.map((k) => clauseShort[k]),
  'within SLA',
  'outcomes',
];

/** The scorecard as text: marketing's side, sales' side per rep and team, the leaderboard, the awards. */
export function formatScorecard(p: PeriodScorecard): string[] {
  const view = nameScorecard(p);
  const m = view.marketing;
  const lines = [
    `SLA scorecard for ${view.month} (UTC; leads handed in the month, as they stand now); contract v${view.contractVersion}`,
    '',
    'Marketing',
    `  leads handed: ${quota(m.delivered, m.quota)}${m.quotaMet === null ? '' : m.quotaMet ? ' (quota met)' : ' (quota not met)'}; unassigned ${m.unassigned}, credited to no marketer ${m.uncredited}`,
    `  accepted ${m.accepted}, rejected ${m.rejected}: ${pct(m.acceptanceRate)}${m.acceptedShareMet === null ? '' : m.acceptedShareMet ? ' (share met)' : ' (share not met)'}`,
  ];
  if (view.marketers.length > 0)
    lines.push(
      ...table([
        ['', 'leads', 'accepted', 'rejected', 'accept %'],
        ...view.marketers.map((x) => [
          x.name,
          String(x.delivered),
          String(x.accepted),
          String(x.rejected),
          pct(x.acceptanceRate),
        ]),
      ]).map((l) => `  ${l}`),
    );
  lines.push('', 'Sales (per clause: share of settled clocks met)');
  if (view.reps.length === 0) lines.push('  no reps');
  else
    lines.push(
      ...table([
        salesHead,
        ...view.reps.map((r) => salesCells(r.active ? r.name : `${r.name} (no quota)`, r)),
        ...view.teams.map((team) => salesCells(`team ${team.name ?? '(none)'}`, team)),
      ]).map((l) => `  ${l}`),
    );
  lines.push('', 'Leaderboard (smoothed share: (met + 1) ÷ (settled + 2))');
  const board = (title: string, list: typeof view.leaderboard.reps) => {
    lines.push(`  ${title}`);
    if (list.length === 0) lines.push('    –');
    for (const [i, s] of list.entries())
      lines.push(`    ${i + 1}. ${s.name}  ${s.successes}/${s.trials}  ${s.score.toFixed(3)}`);
  };
  board('reps (clocks met of settled)', view.leaderboard.reps);
  board('marketers (leads accepted of decided)', view.leaderboard.marketers);
  lines.push(
    '',
    `Awards: rep ${view.awards.rep?.name ?? '– (nobody settled a clock)'}; marketer ${view.awards.marketer?.name ?? '– (no lead was decided)'}`,
  );
  return lines;
}

function describeVersion(v: SlaContractVersion): string {
  const by = v.proposedBy ? ` by ${v.proposedBy.name}` : '';
  const since = v.activatedAt ? `, in force from ${v.activatedAt.toISOString()}` : '';
  const signed =
    v.signatures.length === 0
      ? 'unsigned'
      : v.signatures.map((s) => `${s.side} ${s.member.name}`).join(', ');
  return `v${v.version}  ${v.status.padEnd(10)}  (proposed${by} ${v.createdAt.toISOString()}${since}; signed: ${signed})`;
}

/** `tandem sla report|contracts|show|propose|sign`: the two-sided SLA. */
export function registerSlaCommand(program: Command): void {
  const sla = program
    .command('sla')
    .description('the SLA contract between marketing and sales, and its scorecards');

  sla
    .command('report')
    .description(
      'the monthly scorecard of both sides: quota, acceptance, time to first attempt, clauses met, leaderboard and awards',
    )
    .option('--month <YYYY-MM>', 'the month (UTC; default: the last whole month)', monthKey)
    .option('--json', 'print the scorecard as JSON (the API’s shape)')
    .action(async (opts: { month?: string; json?: boolean }) => {
      const card = await withWorkspace('sla report', (db) =>
        getSlaScorecard({ db, actor: systemActor, month: opts.month }),
      );
      if (opts.json) out(JSON.stringify(nameScorecard(card), null, 2));
      else for (const line of formatScorecard(card)) out(line);
    });

  sla
    .command('contracts')
    .description('list the contract versions, newest first, with who signed them')
    .action(async () => {
      const versions = await withWorkspace('sla contracts', (db) =>
        listSlaContracts({ db, actor: systemActor }),
      );
      for (const v of versions) out(describeVersion(v));
    });

  sla
    .command('show')
    .description('print the contract in force (or a version) as a JSON document to edit')
    .argument('[version]', 'version number (default: the one in force)', versionNumber)
    .action(async (version: number | undefined) => {
      const versions = await withWorkspace('sla show', (db) =>
        listSlaContracts({ db, actor: systemActor }),
      );
      const v = versions.find((x) =>
        version === undefined ? x.status === 'active' : x.version === version,
      );
      if (!v) {
        process.stderr.write(
          `tandem sla show: no ${version === undefined ? 'contract in force' : `version ${version}`}\n`,
        );
        process.exitCode = 1;
        return;
      }
      out(JSON.stringify(v.document, null, 2));
    });

  sla
    .command('propose')
    .description('propose a whole contract document (JSON) as a new version')
    .argument('<file>', 'the contract, as `sla show` prints it')
    .requiredOption('--as <email>', 'the member proposing it (marketing or a sales manager)')
    .action(async (file: string, opts: { as: string }) => {
      const document = readJsonFile(file);
      const v = await withWorkspace('sla propose', async (db) => {
        const actor: Actor = await actAsMember({ db, email: opts.as });
        return proposeSlaContract({ db, actor, document });
      });
      out(`Proposed ${describeVersion(v)}`);
      out('It takes effect once a marketing member and a sales manager have signed it.');
    });

  sla
    .command('sign')
    .description('sign a proposed version for your side (in force once both sides signed)')
    .argument('<version>', 'version number', versionNumber)
    .requiredOption('--as <email>', 'the member signing')
    .addOption(
      new Option('--side <side>', 'the side signed for (an admin must say)').choices([
        'marketing',
        'sales',
      ]),
    )
    .action(async (version: number, opts: { as: string; side?: TeamSide }) => {
      const signed = await withWorkspace('sla sign', async (db) => {
        const actor = await actAsMember({ db, email: opts.as });
        return signSlaContract({ db, actor, version, side: opts.side });
      });
      out(
        signed.tookEffect
          ? `Signed: v${version} is now in force`
          : `Signed: v${version} is proposed, waiting for the other side's signature`,
      );
    });
}
