import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runBacktest } from '../../../services/scoring/run-backtest.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import { BacktestBody, BacktestResultSchema } from './schemas.js';

const tags = ['scoring'];

export const scoringBacktestRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.post(
    '/scoring/backtests',
    {
      schema: {
        tags,
        summary: 'Replay a scoring model over stored history, beside the active version',
        description:
          'Month by month: contacts the model would first qualify (MQL, PQL, CQL) against the SLA quota; acceptance, SQL and win rates by band from recorded stage transitions; ROC AUC and lift of the score at handoff. Give a document (not saved) or the modelId of a stored version. Nothing is written. A document with problems is refused with 400, each problem a field under document/.',
        security,
        body: BacktestBody,
        response: { 200: BacktestResultSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { compareWith, ...body } = request.body;
      return runBacktest({
        db,
        actor: actorOf(request),
        ...body,
        compareWith:
          compareWith === undefined || compareWith === 'active' || compareWith === 'none'
            ? compareWith
            : { id: compareWith },
      });
    },
  );
};
