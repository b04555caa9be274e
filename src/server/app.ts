import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from '../config.js';
import { PersonaRematchRunner } from '../services/definitions/persona-rematch-runner.js';
import { IngestQueue } from '../services/ingest/ingest-queue.js';
import { RescoreRunner } from '../services/scoring/rescore-runner.js';
import type { Db } from '../store/db.js';
import { registerAuth } from './auth.js';
import { registerNulGuard } from './nul-guard.js';
import { errorHandler, problem, sendProblem } from './problem.js';
import { registerRateLimits } from './rate-limit.js';
import type { RouteDeps } from './route-deps.js';
import { accountRoutes } from './routes/accounts/routes.js';
import { AccountSchema } from './routes/accounts/schemas.js';
import { apiKeyRoutes } from './routes/api-keys/routes.js';
import { contactRoutes } from './routes/contacts/routes.js';
import { ContactSchema } from './routes/contacts/schemas.js';
import { definitionsRoutes } from './routes/definitions/routes.js';
import { healthRoutes } from './routes/health/routes.js';
import { importRoutes } from './routes/imports/routes.js';
import { leadRoutes } from './routes/leads/routes.js';
import { memberRoutes } from './routes/members/routes.js';
import { notificationRoutes } from './routes/notifications/routes.js';
import { reportRoutes } from './routes/reports/routes.js';
import { routingRoutes } from './routes/routing/routes.js';
import { scoringRoutes } from './routes/scoring/routes.js';
import { scoringBacktestRoutes } from './routes/scoring-backtests/routes.js';
import { sessionRoutes } from './routes/session/routes.js';
import { MemberSchema } from './routes/session/schemas.js';
import { slaRoutes } from './routes/sla/routes.js';
import { stageRoutes } from './routes/stages/routes.js';
import { trackingRoutes } from './routes/tracking/routes.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints/routes.js';
import { ProblemSchema } from './schemas.js';
import { registerSecurityHeaders } from './security-headers.js';
import { createValidatorCompiler } from './validation.js';
import { registerWeb } from './web.js';

export interface AppOptions {
  db: Db;
  config: Config;
  /** false in tests; otherwise pino at config.logLevel. */
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them to check no secret is logged). */
  logStream?: { write(line: string): void };
  /** Tests pass their own to wait for rescores; otherwise the app makes one. */
  rescores?: RescoreRunner;
  /** Tests pass their own to wait for persona re-matches; otherwise the app makes one. */
  rematches?: PersonaRematchRunner;
}

const sharedSchemas = [ProblemSchema, ContactSchema, AccountSchema, MemberSchema];

function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

export async function buildApp({
  db,
  config,
  logger = true,
  logStream,
  rescores,
  rematches,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    logger: logger
      ? {
          level: config.logLevel,
          redact: [
            'req.headers.authorization',
            'req.headers.cookie',
            'req.headers["x-csrf-token"]',
          ],
          ...(logStream ? { stream: logStream } : {}),
        }
      : false,
    // A hop count as proxy-addr's function: Fastify's types take no bare number.
    trustProxy:
      typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // The router answers a bad URL or an over-long path id itself, as plain JSON, unless told otherwise.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
    // One line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  for (const schema of sharedSchemas) app.addSchema(schema);
  app.setValidatorCompiler(createValidatorCompiler(sharedSchemas));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      ...problem('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
      instance: request.url.split('?')[0],
    }),
  );
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  registerSecurityHeaders(app, { https: config.publicUrl?.startsWith('https://') ?? false });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version: '1',
        description:
          'The lead desk shared by marketing and sales. Authenticate with the session cookie from POST /api/v1/session (send x-csrf-token on writes) or with an API key as "Authorization: Bearer <key>". Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
          writeKey: {
            type: 'http',
            scheme: 'basic',
            description: 'Segment style: the write key as user name, empty password',
          },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  // Only the data and tracking APIs require a caller; the web app's files and the docs page
  // (routes that plugins add without our config) are public. Every /api/v1 and /v1 route is
  // private unless it says so.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1') && !route.url.startsWith('/v1/')) {
      route.config = { ...(route.config ?? {}), public: true };
    }
  });

  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
  });
  registerAuth(app, db);
  registerRateLimits(app, config);
  registerNulGuard(app);

  // PGlite runs one transaction at a time. On PostgreSQL a second one overlaps the
  // first's round trips; more mostly wait on the same busy visitors' identity locks
  // (bench:ingest: 2 beat 1 and 4).
  const ingestQueue = new IngestQueue(db, {
    concurrency: db.kind === 'pglite' ? 1 : 2,
    maxMessages: 5000,
  });
  app.addHook('onClose', async () => ingestQueue.close());
  const rescoreRunner =
    rescores ??
    new RescoreRunner(db, (error, id) =>
      app.log.error({ err: error, rescoreId: id }, 'rescore failed'),
    );
  app.addHook('onClose', async () => rescoreRunner.close());
  const rematchRunner =
    rematches ??
    new PersonaRematchRunner(db, (error, id) =>
      app.log.error({ err: error, definitionsVersionId: id }, 'persona re-match failed'),
    );
  app.addHook('onClose', async () => rematchRunner.close());
  const deps: RouteDeps = {
    db,
    config,
    ingestQueue,
    rescores: rescoreRunner,
    rematches: rematchRunner,
  };
  await app.register(healthRoutes, deps);
  await app.register(trackingRoutes, deps);
  await app.register(
    async (api) => {
      await api.register(sessionRoutes, deps);
      await api.register(contactRoutes, deps);
      await api.register(leadRoutes, deps);
      await api.register(scoringRoutes, deps);
      await api.register(scoringBacktestRoutes, deps);
      await api.register(accountRoutes, deps);
      await api.register(stageRoutes, deps);
      await api.register(definitionsRoutes, deps);
      await api.register(memberRoutes, deps);
      await api.register(apiKeyRoutes, deps);
      await api.register(importRoutes, deps);
      await api.register(reportRoutes, deps);
      await api.register(notificationRoutes, deps);
      await api.register(webhookEndpointRoutes, deps);
      await api.register(slaRoutes, deps);
      await api.register(routingRoutes, deps);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await registerWeb(app);
  return app;
}
