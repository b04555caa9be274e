import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { activateScoringModel } from '../../../services/scoring/activate-scoring-model.js';
import { createScoringDraft } from '../../../services/scoring/create-scoring-draft.js';
import { explainContactScore } from '../../../services/scoring/explain-contact-score.js';
import { getRescore, listRescores } from '../../../services/scoring/get-rescore.js';
import { listScoreHistory } from '../../../services/scoring/list-score-history.js';
import {
  getScoringModel,
  listScoringModels,
} from '../../../services/scoring/list-scoring-models.js';
import { retireScoringModel } from '../../../services/scoring/retire-scoring-model.js';
import { updateScoringDraft } from '../../../services/scoring/update-scoring-draft.js';
import { validateScoringDocument } from '../../../services/scoring/validate-scoring-document.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import { presentModel, presentModelWithDocument, presentRescore } from './presenters.js';
import {
  Activation,
  DraftBody,
  ModelVersionList,
  ModelVersionWithDocument,
  RescoreList,
  RescoreSchema,
  ScoreExplanationSchema,
  ScoreHistorySchema,
  ValidateBody,
  ValidationResult,
} from './schemas.js';

const tags = ['scoring'];

export const scoringRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db } = deps;

  app.get(
    '/scoring/models',
    {
      schema: {
        tags,
        summary: 'Every version of the scoring model, newest first',
        security,
        response: { 200: ModelVersionList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listScoringModels({ db, actor: actorOf(request) })).map(presentModel),
    }),
  );

  app.get(
    '/scoring/models/:id',
    {
      schema: {
        tags,
        summary: 'One version with its document (and a learned model’s fit report)',
        security,
        params: IdParams,
        response: { 200: ModelVersionWithDocument, ...commonErrors },
      },
    },
    async (request) =>
      presentModelWithDocument(
        await getScoringModel({ db, actor: actorOf(request), modelId: request.params.id }),
      ),
  );

  app.post(
    '/scoring/models',
    {
      schema: {
        tags,
        summary: 'Save a new draft version',
        description:
          'The document is validated; every problem comes back as a field error whose field is the JSON path (document/fit/2/points). A draft scores nobody until it is activated.',
        security,
        body: DraftBody,
        response: { 201: ModelVersionWithDocument, ...commonErrors },
      },
    },
    async (request, reply) => {
      const model = await createScoringDraft({
        db,
        actor: actorOf(request),
        name: request.body.name,
        document: request.body.document,
        note: request.body.note ?? null,
      });
      return reply.code(201).send(presentModelWithDocument(model));
    },
  );

  app.put(
    '/scoring/models/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft (409 for an active or retired version)',
        security,
        params: IdParams,
        body: DraftBody,
        response: { 200: ModelVersionWithDocument, ...commonErrors },
      },
    },
    async (request) =>
      presentModelWithDocument(
        await updateScoringDraft({
          db,
          actor: actorOf(request),
          modelId: request.params.id,
          name: request.body.name,
          document: request.body.document,
          note: request.body.note ?? null,
        }),
      ),
  );

  app.post(
    '/scoring/models/:id/activate',
    {
      schema: {
        tags,
        summary: 'Activate a version and rescore every contact',
        description:
          'Retires the active version and starts a rescore run in the background; follow it with GET /api/v1/scoring/rescores/{id}. A contact that has activity before its turn is rescored right then.',
        security,
        params: IdParams,
        response: { 202: Activation, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { model, rescore } = await activateScoringModel({
        db,
        actor: actorOf(request),
        modelId: request.params.id,
      });
      deps.rescores.start(rescore);
      return reply.code(202).send({ model: presentModel(model), rescore: presentRescore(rescore) });
    },
  );

  app.post(
    '/scoring/models/:id/retire',
    {
      schema: {
        tags,
        summary: 'Set a draft aside (the active version is replaced by activating another)',
        security,
        params: IdParams,
        response: { 200: ModelVersionWithDocument, ...commonErrors },
      },
    },
    async (request) =>
      presentModelWithDocument(
        await retireScoringModel({ db, actor: actorOf(request), modelId: request.params.id }),
      ),
  );

  app.post(
    '/scoring/validate',
    {
      schema: {
        tags,
        summary: 'Check a model document without saving it',
        security,
        body: ValidateBody,
        response: { 200: ValidationResult, ...commonErrors },
      },
    },
    async (request) =>
      validateScoringDocument({ actor: actorOf(request), document: request.body.document }),
  );

  app.get(
    '/scoring/rescores',
    {
      schema: {
        tags,
        summary: 'The latest rescore runs',
        security,
        response: { 200: RescoreList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listRescores({ db, actor: actorOf(request) })).map(presentRescore),
    }),
  );

  app.get(
    '/scoring/rescores/:id',
    {
      schema: {
        tags,
        summary: 'Progress of a rescore run',
        security,
        params: IdParams,
        response: { 200: RescoreSchema, ...commonErrors },
      },
    },
    async (request) =>
      presentRescore(
        await getRescore({ db, actor: actorOf(request), rescoreId: request.params.id }),
      ),
  );

  app.get(
    '/contacts/:id/score',
    {
      schema: {
        tags: ['contacts', ...tags],
        summary: "Why the contact scores what it does: the active model's explanation, now",
        description:
          'Fit, engagement (after decay), total, band, qualification and the rules behind them; the contributions add up to the total exactly. 404 when no model is active.',
        security,
        params: IdParams,
        response: { 200: ScoreExplanationSchema, ...commonErrors },
      },
    },
    async (request) => {
      const e = await explainContactScore({
        db,
        actor: actorOf(request),
        contactId: request.params.id,
      });
      return {
        ...e,
        at: e.at.toISOString(),
        contributions: e.contributions.map((c) => ({
          ...c,
          events: c.events.map((ev) => ({ ...ev, occurredAt: ev.occurredAt.toISOString() })),
        })),
        nextChange: e.nextChange && {
          at: e.nextChange.at.toISOString(),
          reasons: e.nextChange.reasons,
        },
      };
    },
  );

  app.get(
    '/contacts/:id/score-history',
    {
      schema: {
        tags: ['contacts', ...tags],
        summary: 'Changes of the contact’s score, band and qualification, newest first',
        security,
        params: IdParams,
        querystring: Type.Object(
          { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: ScoreHistorySchema, ...commonErrors },
      },
    },
    async (request) => ({
      items: (
        await listScoreHistory({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          limit: request.query.limit,
        })
      ).map((h) => ({ ...h, occurredAt: h.occurredAt.toISOString() })),
    }),
  );
};
