import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StageDefinitionVersion } from '../../../core/entities.js';
import { getStageVersions } from '../../../services/stages/get-stage-versions.js';
import { proposeStageVersion } from '../../../services/stages/propose-stage-version.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import {
  ActiveStagesResponse,
  ProposeStagesBody,
  StageVersionList,
  StageVersionSchema,
} from './schemas.js';

const tags = ['stages'];

function presentVersion(v: StageDefinitionVersion) {
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    summary: v.summary,
    createdAt: v.createdAt.toISOString(),
    activatedAt: v.activatedAt?.toISOString() ?? null,
  };
}

export const stageRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/stages',
    {
      schema: {
        tags,
        summary: 'The stage definitions in force',
        security,
        response: { 200: ActiveStagesResponse, ...commonErrors },
      },
    },
    async (request) => {
      const active = (await getStageVersions({ db, actor: actorOf(request) })).find(
        (v) => v.status === 'active',
      )!;
      return { version: presentVersion(active), items: active.stages };
    },
  );

  app.get(
    '/stage-versions',
    {
      schema: {
        tags,
        summary: 'Every version of the stage definitions, newest first',
        security,
        response: { 200: StageVersionList, ...commonErrors },
      },
    },
    async (request) => {
      const versions = await getStageVersions({ db, actor: actorOf(request) });
      return { items: versions.map((v) => ({ ...presentVersion(v), stages: v.stages })) };
    },
  );

  app.post(
    '/stage-versions',
    {
      schema: {
        tags,
        summary: 'Propose a new version of the stage definitions',
        description:
          'Marketing, sales managers and admins may propose; a proposal takes effect only once signed by both sides.',
        security,
        body: ProposeStagesBody,
        response: { 201: StageVersionSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const version = await proposeStageVersion({
        db,
        actor: actorOf(request),
        summary: request.body.summary ?? null,
        stages: request.body.stages,
      });
      return reply.code(201).send(presentVersion(version));
    },
  );
};
