import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { planCsv } from '../../../core/reports/report-csv.js';
import { getPlan } from '../../../services/reports/get-plan.js';
import { setPlan } from '../../../services/reports/set-plan.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import { sendCsv, wantsCsv } from './csv-reply.js';
import {
  jsonOrCsv,
  PlanBody,
  PlanDocumentSchema,
  PlanParams,
  PlanQuery,
} from './report-schemas.js';

const tags = ['reports'];

/** The shared plan: a revenue target per month, its reverse funnel and the actuals. */
export const planRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/plan',
    {
      schema: {
        tags,
        summary: 'The shared plan for a month: target, what it needs and what the month delivered',
        description:
          "The month's revenue target turned into the deals, SQLs, MQLs and leads it needs (reverse funnel, rounded up) at the rates measured over the 12 months before; the month's actuals (first entries into each stage, contacts created) and the MQL quota of the SLA contract in force. Every member may read it. JSON, or CSV with ?format=csv.",
        security,
        querystring: PlanQuery,
        produces: ['application/json', 'text/csv'],
        response: {
          200: jsonOrCsv(PlanDocumentSchema, 'Needed beside actual, per figure'),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, month } = request.query;
      const plan = await getPlan({ db, actor: actorOf(request), month });
      if (!wantsCsv(format, request.headers.accept)) return plan;
      return sendCsv(reply, `plan-${plan.month}.csv`, planCsv(plan));
    },
  );

  app.put(
    '/plan/:month',
    {
      schema: {
        tags,
        summary: "Set a month's revenue target",
        description:
          'Marketing, the sales manager and admins set the target both teams plan against; audited. Answers with the plan as it now reads.',
        security,
        params: PlanParams,
        body: PlanBody,
        response: { 200: PlanDocumentSchema, ...commonErrors },
      },
    },
    async (request) =>
      setPlan({
        db,
        actor: actorOf(request),
        month: request.params.month,
        revenueTarget: request.body.revenueTarget,
      }),
  );
};
