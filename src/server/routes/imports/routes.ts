import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ImportReport } from '../../../core/import/import-report.js';
import { getImport } from '../../../services/imports/get-import.js';
import { listImports } from '../../../services/imports/list-imports.js';
import { runImport } from '../../../services/imports/run-import.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import { CreateImportBody, ImportList, ImportReportSchema } from './schemas.js';

const tags = ['imports'];
/** A CSV of a few hundred thousand rows, sent as JSON text. */
const importBodyLimit = 25 * 1024 * 1024;

function presentReport(r: ImportReport) {
  return { ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString() };
}

export const importRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.post(
    '/imports',
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary: 'Import contacts, accounts or events from CSV (or check a file with dryRun)',
        description:
          'Upserts the valid rows (contacts by email, else externalId; accounts by domain, else groupId; events exactly once by messageId) and reports every invalid row with its reason. Re-running a file changes nothing and counts its rows as unchanged. A file that cannot be read, or a bad mapping, is refused with 400 and changes nothing.',
        security,
        body: CreateImportBody,
        response: { 200: ImportReportSchema, ...commonErrors, 413: { $ref: 'Problem#' } },
      },
    },
    async (request) => {
      const body = request.body;
      const report = await runImport({
        db,
        actor: actorOf(request),
        kind: body.kind,
        csv: body.csv,
        fileName: body.fileName ?? null,
        preset: body.preset,
        mapping: body.mapping,
        dryRun: body.dryRun,
        delimiter: body.delimiter,
      });
      return presentReport(report);
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: 'The latest 50 imports (without their error lists)',
        security,
        response: { 200: ImportList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listImports({ db, actor: actorOf(request) })).map(presentReport),
    }),
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import with its first 1,000 row errors',
        security,
        params: IdParams,
        response: { 200: ImportReportSchema, ...commonErrors },
      },
    },
    async (request) =>
      presentReport(await getImport({ db, actor: actorOf(request), importId: request.params.id })),
  );
};
