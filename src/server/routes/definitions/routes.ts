import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getDefinitions } from '../../../services/definitions/get-definitions.js';
import { getDefinitionsVersion } from '../../../services/definitions/get-definitions-version.js';
import { listDefinitionsVersions } from '../../../services/definitions/list-definitions-versions.js';
import { listPersonas } from '../../../services/definitions/list-personas.js';
import { proposeDefinitions } from '../../../services/definitions/propose-definitions.js';
import { signDefinitions } from '../../../services/definitions/sign-definitions.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import { presentVersion } from './presenters.js';
import {
  DefinitionsVersionList,
  DefinitionsVersionSchema,
  PersonaList,
  ProposeBody,
  SignBody,
} from './schemas.js';

const tags = ['definitions'];

export const definitionsRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db } = deps;

  app.get(
    '/definitions',
    {
      schema: {
        tags,
        summary: 'The definitions in force, with who signed them',
        security,
        response: { 200: DefinitionsVersionSchema, ...commonErrors },
      },
    },
    async (request) => presentVersion(await getDefinitions({ db, actor: actorOf(request) })),
  );

  app.get(
    '/definitions/versions',
    {
      schema: {
        tags,
        summary: 'Every version of the definitions, newest first, with their signatures',
        security,
        response: { 200: DefinitionsVersionList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listDefinitionsVersions({ db, actor: actorOf(request) })).map(presentVersion),
    }),
  );

  app.get(
    '/definitions/versions/:id',
    {
      schema: {
        tags,
        summary: 'One version of the definitions',
        security,
        params: IdParams,
        response: { 200: DefinitionsVersionSchema, ...commonErrors },
      },
    },
    async (request) =>
      presentVersion(
        await getDefinitionsVersion({
          db,
          actor: actorOf(request),
          versionId: request.params.id,
        }),
      ),
  );

  app.post(
    '/definitions/versions',
    {
      schema: {
        tags,
        summary: 'Propose a new version of the whole definitions document',
        description:
          'Marketing, sales managers and admins propose. Every problem of the document comes back as a field error named by its JSON path (document/stages/3/allowedTransitions/0), and nothing is written. A proposal takes effect once a marketing and a sales member have both signed it.',
        security,
        body: ProposeBody,
        response: { 201: DefinitionsVersionSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const version = await proposeDefinitions({
        db,
        actor: actorOf(request),
        summary: request.body.summary ?? null,
        document: request.body.document,
      });
      return reply.code(201).send(presentVersion(version));
    },
  );

  app.post(
    '/definitions/versions/:id/signatures',
    {
      schema: {
        tags,
        summary: 'Sign a proposed version for your side',
        description:
          'Marketing signs for marketing, sales managers and reps for sales; an admin names the side. One signature per member. The version takes effect the moment it holds a marketing and a sales signature: the version in force and any other open proposal are superseded, and if the personas changed every contact is matched again in the background (see rematch). A version that is in force or superseded answers 409; API keys cannot sign.',
        security,
        params: IdParams,
        body: SignBody,
        response: { 200: DefinitionsVersionSchema, ...commonErrors },
      },
      // Signing for one's own side needs nothing more, so a request without a body is fine.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const signed = await signDefinitions({
        db,
        actor: actorOf(request),
        versionId: request.params.id,
        side: request.body.side,
        note: request.body.note ?? null,
      });
      if (signed.rematch) deps.rematches.start(signed.version.id);
      return presentVersion(signed.version);
    },
  );

  app.get(
    '/personas',
    {
      schema: {
        tags,
        summary: 'The personas in force, in matching order, with how many contacts each matches',
        security,
        response: { 200: PersonaList, ...commonErrors },
      },
    },
    async (request) => {
      const { version, personas } = await listPersonas({ db, actor: actorOf(request) });
      return { version, items: personas };
    },
  );
};
