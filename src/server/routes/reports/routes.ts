import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type SourceQualityReport, sourceQualityCsv } from '../../../core/feedback.js';
import { getSourceQuality } from '../../../services/reports/get-source-quality.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import { wantsCsv } from './csv-reply.js';
import { planRoutes } from './plan-routes.js';
import { SourceQualityQuery, SourceQualityReportSchema } from './schemas.js';
import { sharedReportRoutes } from './shared-report-routes.js';

const tags = ['reports'];

function presentReport(r: SourceQualityReport) {
  return {
    ...r,
    period: { from: r.period.from.toISOString(), to: r.period.to.toISOString() },
  };
}

export const reportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db } = deps;
  await app.register(sharedReportRoutes, deps);
  await app.register(planRoutes, deps);
  app.get(
    '/reports/source-quality',
    {
      schema: {
        tags,
        summary:
          'Source quality: what sales did with the leads each source, campaign or persona sent',
        description:
          'The leads handed to sales in the period (cohort: the first entry into MQL, PQL or CQL within [from, to)), grouped by first- or last-touch source, medium or campaign, or by persona, with what was recorded since: accepted (SAL), SQL, won and the amount, rejected and lost with their reason codes. Rates are shares of the leads handed over. JSON, or CSV with ?format=csv or Accept: text/csv. Every member may read it.',
        security,
        querystring: SourceQualityQuery,
        produces: ['application/json', 'text/csv'],
        response: {
          200: {
            content: {
              'application/json': { schema: SourceQualityReportSchema },
              'text/csv': {
                schema: {
                  type: 'string',
                  description: 'A row per group, a totals row, a count column per reason code',
                },
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...options } = request.query;
      const report = await getSourceQuality({ db, actor: actorOf(request), ...options });
      if (!wantsCsv(format, request.headers.accept)) return presentReport(report);
      const stamp = report.period.to.toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="source-quality-by-${report.groupBy}-${stamp}.csv"`,
        )
        .send(sourceQualityCsv(report));
    },
  );
};
