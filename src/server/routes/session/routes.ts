import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signIn } from '../../../services/auth/sign-in.js';
import { signOut } from '../../../services/auth/sign-out.js';
import { actorOf, sessionCookie } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import { MeResponse, SessionResponse, SignInBody } from './schemas.js';

const tags = ['session'];

export const sessionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db, config }) => {
  app.post(
    '/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description: 'Sets an httpOnly session cookie and returns the CSRF token for later writes.',
        body: SignInBody,
        response: { 200: SessionResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const result = await signIn({
        db,
        email: request.body.email,
        password: request.body.password,
        ttlMs: config.sessionTtlMs,
      });
      reply.setCookie(sessionCookie, result.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: '/',
        expires: result.expiresAt,
      });
      return { member: result.member, csrfToken: result.csrfToken };
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags,
        summary: 'Sign out',
        security,
        response: { 204: { type: 'null' }, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const token = request.cookies[sessionCookie];
      if (token) await signOut({ db, actor, sessionToken: token });
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'Who is calling',
        security,
        response: { 200: MeResponse, ...commonErrors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const identity = request.identity!;
      return {
        member: identity.member,
        apiKey:
          actor.kind === 'api_key'
            ? { id: actor.id, name: actor.name, scopes: actor.scopes }
            : null,
        csrfToken: identity.csrfToken,
      };
    },
  );
};
