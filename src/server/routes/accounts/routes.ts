import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Account } from '../../../core/entities.js';
import { createAccount } from '../../../services/accounts/create-account.js';
import { getAccount } from '../../../services/accounts/get-account.js';
import { listAccounts } from '../../../services/accounts/list-accounts.js';
import { updateAccount } from '../../../services/accounts/update-account.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import { AccountPage, CreateAccountBody, ListAccountsQuery, UpdateAccountBody } from './schemas.js';

const tags = ['accounts'];
const account = { $ref: 'Account#' } as const;

function presentAccount(a: Account) {
  return { ...a, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}

export const accountRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts',
        security,
        querystring: ListAccountsQuery,
        response: { 200: AccountPage, ...commonErrors },
      },
    },
    async (request) => {
      const { q, limit, cursor } = request.query;
      const page = await listAccounts({
        db,
        actor: actorOf(request),
        text: q,
        limit: limit ?? 50,
        cursor,
      });
      return { items: page.items.map(presentAccount), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account',
        security,
        body: CreateAccountBody,
        response: { 201: account, ...commonErrors },
      },
    },
    async (request, reply) => {
      const created = await createAccount({ db, actor: actorOf(request), fields: request.body });
      return reply.code(201).send(presentAccount(created));
    },
  );

  app.get(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Get an account',
        security,
        params: IdParams,
        response: { 200: account, ...commonErrors },
      },
    },
    async (request) =>
      presentAccount(
        await getAccount({ db, actor: actorOf(request), accountId: request.params.id }),
      ),
  );

  app.patch(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Update an account',
        security,
        params: IdParams,
        body: UpdateAccountBody,
        response: { 200: account, ...commonErrors },
      },
    },
    async (request) =>
      presentAccount(
        await updateAccount({
          db,
          actor: actorOf(request),
          accountId: request.params.id,
          fields: request.body,
        }),
      ),
  );
};
