import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSlaScorecard } from '../../../services/sla/get-sla-scorecard.js';
import { getSlaStanding } from '../../../services/sla/get-sla-standing.js';
import { listBreaches } from '../../../services/sla/list-breaches.js';
import { listInbox } from '../../../services/sla/list-inbox.js';
import { listSlaContracts } from '../../../services/sla/list-sla-contracts.js';
import { proposeSlaContract } from '../../../services/sla/propose-sla-contract.js';
import { signSlaContract } from '../../../services/sla/sign-sla-contract.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import {
  presentBreach,
  presentContractVersion,
  presentInbox,
  presentScorecard,
} from './presenters.js';
import {
  ActiveContractResponse,
  BreachesQuery,
  BreachesResponse,
  InboxResponse,
  ProposeContractBody,
  ScorecardQuery,
  ScorecardSchema,
  SignContractBody,
  SlaContractVersionList,
  SlaContractVersionSchema,
  VersionParams,
} from './schemas.js';

const tags = ['sla'];

export const slaRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/sla/contracts',
    {
      schema: {
        tags,
        summary: 'Every version of the SLA contract, newest first, with its signatures',
        security,
        response: { 200: SlaContractVersionList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listSlaContracts({ db, actor: actorOf(request) })).map(presentContractVersion),
    }),
  );

  app.get(
    '/sla/contract',
    {
      schema: {
        tags,
        summary: 'The SLA contract in force and how each side stands against it this month',
        description:
          'This month so far (UTC): marketing against the lead quota and the accepted share; per sales clause, the clocks of this month’s leads met, breached and open.',
        security,
        response: { 200: ActiveContractResponse, ...commonErrors },
      },
    },
    async (request) => {
      const { contract, standing } = await getSlaStanding({ db, actor: actorOf(request) });
      return { contract: presentContractVersion(contract), standing };
    },
  );

  app.post(
    '/sla/contracts',
    {
      schema: {
        tags,
        summary: 'Propose a new version of the SLA contract',
        description:
          'Marketing members, sales managers and admins propose. Every problem of the document comes back as a field error named by its path (document/sales/accept_within/businessHours) and nothing is written. A proposal takes effect once a marketing member and a sales manager have both signed it.',
        security,
        body: ProposeContractBody,
        response: { 201: SlaContractVersionSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const version = await proposeSlaContract({
        db,
        actor: actorOf(request),
        document: request.body.document,
      });
      return reply.code(201).send(presentContractVersion(version));
    },
  );

  app.post(
    '/sla/contracts/:version/sign',
    {
      schema: {
        tags,
        summary: 'Sign a proposed SLA contract version for your side',
        description:
          'Marketing signs for marketing, the sales manager co-signs for sales; an admin names the side. One signature per member. The version takes effect with a marketing and a sales signature: the version in force is superseded, other open proposals are withdrawn, and leads assigned from then on get clocks under it. A version not proposed answers 409; API keys cannot sign.',
        security,
        params: VersionParams,
        body: SignContractBody,
        response: { 200: SlaContractVersionSchema, ...commonErrors },
      },
      // Signing for one's own side needs nothing more, so a request without a body is fine.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const signed = await signSlaContract({
        db,
        actor: actorOf(request),
        version: request.params.version,
        side: request.body.side,
      });
      return presentContractVersion(signed.contract);
    },
  );

  app.get(
    '/sla/scorecards',
    {
      schema: {
        tags,
        summary: 'The monthly SLA scorecard of both sides, with the leaderboard and the awards',
        description:
          'The leads handed to sales in the month (UTC) and what became of them by now: marketing against its quota and accepted share, each marketer, each rep and team against the sales clauses. Without month, the last whole month.',
        security,
        querystring: ScorecardQuery,
        response: { 200: ScorecardSchema, ...commonErrors },
      },
    },
    async (request) =>
      presentScorecard(
        await getSlaScorecard({ db, actor: actorOf(request), month: request.query.month }),
      ),
  );

  app.get(
    '/inbox',
    {
      schema: {
        tags,
        summary: 'Your open leads, most urgent first, with their SLA countdowns in business time',
        security,
        response: { 200: InboxResponse, ...commonErrors },
      },
    },
    async (request) => presentInbox(await listInbox({ db, actor: actorOf(request) })),
  );

  app.get(
    '/sla/breaches',
    {
      schema: {
        tags,
        summary: 'Breached SLA clocks of leads still open, oldest breach first',
        description:
          'Sales managers and admins. Reassign a lead with PATCH /api/v1/contacts/{id} { ownerId }: its open clocks move to the new owner.',
        security,
        querystring: BreachesQuery,
        response: { 200: BreachesResponse, ...commonErrors },
      },
    },
    async (request) => ({
      items: (
        await listBreaches({ db, actor: actorOf(request), teamId: request.query.teamId })
      ).map(presentBreach),
    }),
  );
};
