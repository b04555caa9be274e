import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../../core/app-error.js';
import { activateRoutingVersion } from '../../../services/routing/activate-routing-version.js';
import { getRouting, type RoutingVersion } from '../../../services/routing/get-routing.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import { RoutingResponse, RoutingVersionBody, RoutingVersionSchema } from './schemas.js';

const tags = ['routing'];

/** The validator names paths inside the document; the request holds it under `document`. */
function underDocument(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'validation_failed') return error;
  return new AppError(error.code, error.message, {
    fields: error.fields.map((f) => ({
      field: f.field === 'routing' ? 'document' : `document/${f.field}`,
      message: f.message,
    })),
    extensions: error.extensions,
  });
}

function presentRoutingVersion(v: RoutingVersion) {
  return { ...v, createdAt: v.createdAt.toISOString() };
}

export const routingRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/routing',
    {
      schema: {
        tags,
        summary: 'The routing rules in force and every version, newest first',
        security,
        response: { 200: RoutingResponse, ...commonErrors },
      },
    },
    async (request) => {
      const { active, versions } = await getRouting({ db, actor: actorOf(request) });
      return {
        active: active && presentRoutingVersion(active),
        versions: versions.map(presentRoutingVersion),
      };
    },
  );

  app.post(
    '/routing/versions',
    {
      schema: {
        tags,
        summary: 'Save routing rules as a new version and put it in force',
        description:
          'Sales managers and admins. Every problem of the document, unknown teams included, comes back as a field error named by its path (document/rules/0/teamId) and nothing is stored. The next lead that qualifies is routed by it.',
        security,
        body: RoutingVersionBody,
        response: { 201: RoutingVersionSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { version } = await activateRoutingVersion({
        db,
        actor,
        document: request.body.document,
      }).catch((error: unknown) => {
        throw underDocument(error);
      });
      const { versions } = await getRouting({ db, actor });
      const saved = versions.find((v) => v.version === version)!;
      return reply.code(201).send(presentRoutingVersion(saved));
    },
  );
};
