import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  attributionCsv,
  funnelCsv,
  leadQualityCsv,
  scoringCsv,
  summaryCsv,
  velocityCsv,
} from '../../../core/reports/report-csv.js';
import { getAttribution } from '../../../services/reports/get-attribution.js';
import { getFunnel } from '../../../services/reports/get-funnel.js';
import { getLeadQuality } from '../../../services/reports/get-lead-quality.js';
import { getReportSummary } from '../../../services/reports/get-report-summary.js';
import { getScoringPerformance } from '../../../services/reports/get-scoring-performance.js';
import { getVelocity } from '../../../services/reports/get-velocity.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import { sendCsv, wantsCsv } from './csv-reply.js';
import {
  AttributionQuery,
  AttributionReportSchema,
  FunnelQuery,
  FunnelReportSchema,
  jsonOrCsv,
  LeadQualityQuery,
  LeadQualityReportSchema,
  ScoringQuery,
  ScoringReportSchema,
  SummaryQuery,
  SummaryReportSchema,
  VelocityQuery,
  VelocityReportSchema,
} from './report-schemas.js';

const tags = ['reports'];
const produces = ['application/json', 'text/csv'];
const common =
  ' Months are UTC calendar months (YYYY-MM), both ends included; by default the 12 months ending with this one. Read from rollups kept from every change (pending: contacts not yet folded). JSON, or CSV with ?format=csv or Accept: text/csv. Every member may read it.';

/** The shared reports of issue 7: thin routes over one use case each. */
export const sharedReportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/reports/funnel',
    {
      schema: {
        tags,
        summary: 'Funnel: how many contacts of the cohorts reached each stage, and the conversions',
        description: `The contacts created in the range (cohorts by month) and the stages they reached — a funnel stage counts when it or a later one was entered — with the conversion between consecutive stages of the main path, split by first-touch source, campaign, persona or the owner's team.${common}`,
        security,
        querystring: FunnelQuery,
        produces,
        response: {
          200: jsonOrCsv(FunnelReportSchema, 'Counts per group, conversions, cohorts'),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...options } = request.query;
      const report = await getFunnel({ db, actor: actorOf(request), ...options });
      if (!wantsCsv(format, request.headers.accept)) return report;
      return sendCsv(
        reply,
        `funnel-${report.split}-${report.from}-${report.to}.csv`,
        funnelCsv(report),
      );
    },
  );

  app.get(
    '/reports/velocity',
    {
      schema: {
        tags,
        summary: 'Velocity: median, p90 and mean time in each stage',
        description: `Completed stays (entered, then moved on) in each funnel and route stage by the contacts created in the range. Median and p90 come from a histogram of 5%-wide buckets (within ±2.5%); the mean is exact.${common}`,
        security,
        querystring: VelocityQuery,
        produces,
        response: {
          200: jsonOrCsv(VelocityReportSchema, 'A row per group and stage'),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...options } = request.query;
      const report = await getVelocity({ db, actor: actorOf(request), ...options });
      if (!wantsCsv(format, request.headers.accept)) return report;
      return sendCsv(
        reply,
        `velocity-${report.split}-${report.from}-${report.to}.csv`,
        velocityCsv(report),
      );
    },
  );

  app.get(
    '/reports/lead-quality',
    {
      schema: {
        tags,
        summary:
          'Lead quality: acceptance, SQL rate, win rate, revenue and reject reasons by source or campaign',
        description: `The leads handed to sales in the range (the month of their first entry into MQL, PQL or CQL), by first- or last-touch source or campaign, with what sales made of them. Rates are shares of the leads handed; reasons are each lead's latest.${common}`,
        security,
        querystring: LeadQualityQuery,
        produces,
        response: {
          200: jsonOrCsv(
            LeadQualityReportSchema,
            'A total row, a row per group, a column per reason code',
          ),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...options } = request.query;
      const report = await getLeadQuality({ db, actor: actorOf(request), ...options });
      if (!wantsCsv(format, request.headers.accept)) return report;
      return sendCsv(
        reply,
        `lead-quality-${report.touch}-${report.by}-${report.from}-${report.to}.csv`,
        leadQualityCsv(report),
      );
    },
  );

  app.get(
    '/reports/scoring',
    {
      schema: {
        tags,
        summary: 'Scoring performance: conversion by band and calibration of the score',
        description: `The leads handed to sales in the range by their band and total score at the handoff (the last score recorded by then): SQL and win rates per band and per 10-point bucket beside the bucket's mean score.${common}`,
        security,
        querystring: ScoringQuery,
        produces,
        response: {
          200: jsonOrCsv(ScoringReportSchema, 'A row per band, then per score bucket'),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...options } = request.query;
      const report = await getScoringPerformance({ db, actor: actorOf(request), ...options });
      if (!wantsCsv(format, request.headers.accept)) return report;
      return sendCsv(reply, `scoring-${report.from}-${report.to}.csv`, scoringCsv(report));
    },
  );

  app.get(
    '/reports/attribution',
    {
      schema: {
        tags,
        summary: 'Revenue attributed by first or last touch',
        description: `Deals won in the range (the month of each win) and their amounts, credited whole to the contact's first- or last-touch source or campaign.${common}`,
        security,
        querystring: AttributionQuery,
        produces,
        response: {
          200: jsonOrCsv(AttributionReportSchema, 'A total row and a row per group'),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...options } = request.query;
      const report = await getAttribution({ db, actor: actorOf(request), ...options });
      if (!wantsCsv(format, request.headers.accept)) return report;
      return sendCsv(
        reply,
        `attribution-${report.touch}-${report.by}-${report.from}-${report.to}.csv`,
        attributionCsv(report),
      );
    },
  );

  app.get(
    '/reports/summary',
    {
      schema: {
        tags,
        summary: 'Stage entries and revenue per team, owner or marketer: the role dashboards',
        description: `First entries into each stage in the range and the revenue won, in total or per the owner's team, the owner or the credited marketer, optionally narrowed to one owner, team or marketer.${common}`,
        security,
        querystring: SummaryQuery,
        produces,
        response: {
          200: jsonOrCsv(SummaryReportSchema, 'A row per group, a column per stage'),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { format, ...options } = request.query;
      const report = await getReportSummary({ db, actor: actorOf(request), ...options });
      if (!wantsCsv(format, request.headers.accept)) return report;
      return sendCsv(
        reply,
        `summary-${report.by}-${report.from}-${report.to}.csv`,
        summaryCsv(report),
      );
    },
  );
};
