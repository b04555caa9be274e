import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/app-error.js';
import type { Member } from '../core/entities.js';
import { authorize } from '../core/policy.js';
import type { Actor } from '../core/roles.js';
import { authenticateApiKey, authenticateSession } from '../services/auth/authenticate.js';
import type { Db } from '../store/db.js';

export const sessionCookie = 'tandem_session';
export const csrfHeader = 'x-csrf-token';

export interface Identity {
  actor: Actor;
  via: 'session' | 'api_key';
  member: Member | null;
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (health, sign-in, docs). Everything else requires an actor. */
    public?: boolean;
    /** Tracking routes: the write key may also come in the body, so the route checks for a caller itself. */
    writeKeyInBody?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** An API key from "Bearer <key>", or from HTTP Basic with the key as user name (how Segment clients send a write key). */
function apiKeyFromHeader(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  const user = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] : '';
  if (user) return user;
  throw new AppError(
    'unauthenticated',
    'The Authorization header must be "Bearer <api key>" or HTTP Basic with the key as user name',
  );
}

/**
 * Resolves who is calling on every request and refuses anything not marked
 * public when nobody is. Cookie-authenticated writes must echo the session's
 * CSRF token in a header, which a cross-site form cannot do.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request) => {
    const isPublic = request.routeOptions.config?.public === true;
    const key = apiKeyFromHeader(request);
    if (key) {
      const actor = await authenticateApiKey(db, key);
      if (!actor) throw new AppError('unauthenticated', 'The API key is unknown or revoked');
      request.identity = { actor, via: 'api_key', member: null, csrfToken: null };
    } else {
      const token = request.cookies[sessionCookie];
      const found = token ? await authenticateSession(db, token) : null;
      if (found)
        request.identity = {
          actor: found.actor,
          via: 'session',
          member: found.member,
          csrfToken: found.csrfToken,
        };
    }
    if (isPublic || request.routeOptions.config?.writeKeyInBody === true) return;
    const identity = request.identity;
    if (!identity)
      throw new AppError(
        'unauthenticated',
        'Sign in, or send an API key as "Authorization: Bearer <key>"',
      );
    authorize(identity.actor, { action: 'api.call' });
    if (
      identity.via === 'session' &&
      !safeMethods.has(request.method) &&
      request.headers[csrfHeader] !== identity.csrfToken
    ) {
      throw new AppError(
        'csrf_failed',
        `Send the session's CSRF token in the ${csrfHeader} header (from sign-in or GET /api/v1/me)`,
      );
    }
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.identity) throw new AppError('unauthenticated', 'Sign in first');
  return request.identity.actor;
}
