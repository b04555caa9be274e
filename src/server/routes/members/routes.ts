import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listMembers } from '../../../services/members/list-members.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';

export const memberRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/members',
    {
      schema: {
        tags: ['members'],
        summary: 'List members (owners, teams)',
        security,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Member')) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listMembers({ db, actor: actorOf(request) }) }),
  );
};
