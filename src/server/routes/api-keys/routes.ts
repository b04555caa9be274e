import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiKey } from '../../../core/entities.js';
import { apiKeyScopes } from '../../../core/roles.js';
import { createApiKey } from '../../../services/api-keys/create-api-key.js';
import { listApiKeys } from '../../../services/api-keys/list-api-keys.js';
import { revokeApiKey } from '../../../services/api-keys/revoke-api-key.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, DateTime, IdParams, Nullable, security, Uuid } from '../../schemas.js';

const tags = ['api keys'];
const Scope = Type.Union(apiKeyScopes.map((s) => Type.Literal(s)));
const ApiKeySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});

function presentApiKey(k: ApiKey) {
  return {
    ...k,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export const apiKeyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'List API keys (admin)',
        security,
        response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listApiKeys({ db, actor: actorOf(request) })).map(presentApiKey),
    }),
  );

  app.post(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key (admin); the key is shown once',
        security,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scopes: Type.Array(Scope, { minItems: 1, maxItems: 4 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ apiKey: ApiKeySchema, key: Type.String() }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { apiKey, key } = await createApiKey({ db, actor: actorOf(request), ...request.body });
      return reply.code(201).send({ apiKey: presentApiKey(apiKey), key });
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key (admin)',
        security,
        params: IdParams,
        response: { 204: { type: 'null' }, ...commonErrors },
      },
    },
    async (request, reply) => {
      await revokeApiKey({ db, actor: actorOf(request), apiKeyId: request.params.id });
      return reply.code(204).send(null);
    },
  );
};
