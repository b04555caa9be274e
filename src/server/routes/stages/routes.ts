import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getDefinitions } from '../../../services/definitions/get-definitions.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import { ActiveStagesResponse } from './schemas.js';

const tags = ['stages'];

/** The stages in force, on their own: every page that shows a stage badge reads them. */
export const stageRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/stages',
    {
      schema: {
        tags,
        summary: 'The stage definitions in force',
        description:
          'The stages of the definitions version in force, in glossary order. The whole document (personas, reason codes, qualification framework) and its versions are under /api/v1/definitions.',
        security,
        response: { 200: ActiveStagesResponse, ...commonErrors },
      },
    },
    async (request) => {
      const active = await getDefinitions({ db, actor: actorOf(request) });
      return {
        version: {
          id: active.id,
          version: active.version,
          status: active.status,
          summary: active.summary,
          createdAt: active.createdAt.toISOString(),
          activatedAt: active.activatedAt?.toISOString() ?? null,
        },
        items: active.definitions.stages,
      };
    },
  );
};
