import { type Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../core/app-error.js';
import { type Actor, systemActor, type TeamSide } from '../core/roles.js';
import type { DefinitionsVersion } from '../services/definitions/definitions-version.js';
import { getDefinitions } from '../services/definitions/get-definitions.js';
import { listDefinitionsVersions } from '../services/definitions/list-definitions-versions.js';
import { proposeDefinitions } from '../services/definitions/propose-definitions.js';
import { rematchPersonas } from '../services/definitions/rematch-personas.js';
import { signDefinitions } from '../services/definitions/sign-definitions.js';
import { actAsMember } from '../services/members/act-as-member.js';
import type { Db } from '../store/db.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';
import { readJsonFile } from './read-json-file.js';

function versionNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a version number');
  return n;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function findVersion(db: Db, version: number): Promise<DefinitionsVersion> {
  const found = (await listDefinitionsVersions({ db, actor: systemActor })).find(
    (v) => v.version === version,
  );
  if (!found) throw new AppError('not_found', `no definitions version ${version}`);
  return found;
}

function signatures(v: DefinitionsVersion): string {
  if (v.signatures.length === 0) return 'unsigned';
  return v.signatures
    .map((s) => `${s.side} ${s.member.name} ${s.signedAt.toISOString()}`)
    .join(', ');
}

/** One line per version: number, status, summary, who proposed it and who signed for which side. */
function describe(v: DefinitionsVersion): string {
  const by = v.proposedBy ? ` by ${v.proposedBy.name}` : '';
  const since = v.activatedAt ? `, in force from ${v.activatedAt.toISOString()}` : '';
  const status = v.status === 'superseded' && !v.activatedAt ? 'withdrawn' : v.status;
  return `v${v.version}  ${status.padEnd(10)}  ${v.summary ?? '(no summary)'}  (proposed${by} ${v.createdAt.toISOString()}${since}; signed: ${signatures(v)})`;
}

/** What the version still needs before it takes effect. */
function waitingFor(v: DefinitionsVersion): string {
  const sides = new Set(v.signatures.map((s) => s.side));
  const missing = (['marketing', 'sales'] as const).filter((s) => !sides.has(s));
  return `waiting for a ${missing.join(' and a ')} signature`;
}

/** `tandem definitions show|versions|propose|sign`: the glossary both teams sign. */
export function registerDefinitionsCommand(program: Command): void {
  const definitions = program
    .command('definitions')
    .description(
      'the shared definitions: stages, personas, reason codes and the qualification framework',
    );

  definitions
    .command('show')
    .description('print the definitions in force (or a version) as a JSON document to edit')
    .argument('[version]', 'version number (default: the one in force)', versionNumber)
    .action(async (version: number | undefined) => {
      const v = await withWorkspace('definitions show', (db) =>
        version === undefined
          ? getDefinitions({ db, actor: systemActor })
          : findVersion(db, version),
      );
      out(JSON.stringify(v.definitions, null, 2));
    });

  definitions
    .command('versions')
    .description('list the versions, newest first, with who signed them for which side')
    .action(async () => {
      const versions = await withWorkspace('definitions versions', (db) =>
        listDefinitionsVersions({ db, actor: systemActor }),
      );
      for (const v of versions) out(describe(v));
    });

  definitions
    .command('propose')
    .description('propose a whole definitions document (JSON) as a new version')
    .argument('<file>', 'the definitions document, as `definitions show` prints it')
    .option('--summary <text>', 'what changes and why')
    .option('--as <email>', 'the member proposing it (default: the system)')
    .action(async (file: string, opts: { summary?: string; as?: string }) => {
      const document = readJsonFile(file);
      const v = await withWorkspace('definitions propose', async (db) => {
        const actor: Actor = opts.as ? await actAsMember({ db, email: opts.as }) : systemActor;
        return proposeDefinitions({ db, actor, summary: opts.summary ?? null, document });
      });
      out(`Proposed ${describe(v)}`);
      out(`It takes effect once a marketing and a sales member have signed it.`);
    });

  definitions
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
    .option('--note <text>', 'a note beside the signature')
    .action(async (version: number, opts: { as: string; side?: TeamSide; note?: string }) => {
      await withWorkspace('definitions sign', async (db) => {
        const actor = await actAsMember({ db, email: opts.as });
        const target = await findVersion(db, version);
        const signed = await signDefinitions({
          db,
          actor,
          versionId: target.id,
          side: opts.side,
          note: opts.note ?? null,
        });
        const mine = signed.version.signatures.find((s) => s.member.id === actor.id)!;
        out(`Signed v${version} for ${mine.side} as ${mine.member.name}`);
        if (!signed.tookEffect) {
          out(`v${version} is proposed, ${waitingFor(signed.version)}`);
          return;
        }
        out(`v${version} is now in force`);
        if (!signed.rematch) return;
        const progress = progressReporter();
        const started = Date.now();
        const run = await rematchPersonas({
          db,
          versionId: target.id,
          onProgress: (n, total) => progress(n, total, 'matching personas'),
        });
        out(
          `Matched ${run?.done ?? 0} contacts to the new personas in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      });
    });
}
