import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AttemptChannel } from '../../../core/sales-activity.js';
import { getHandoffBrief } from '../../../services/leads/get-handoff-brief.js';
import { acceptLead } from '../../../services/lifecycle/accept-lead.js';
import { changeStage } from '../../../services/lifecycle/change-stage.js';
import { logSalesAttempt } from '../../../services/lifecycle/log-sales-attempt.js';
import { markLost } from '../../../services/lifecycle/mark-lost.js';
import { markWon } from '../../../services/lifecycle/mark-won.js';
import { openOpportunity } from '../../../services/lifecycle/open-opportunity.js';
import { qualifyLead } from '../../../services/lifecycle/qualify-lead.js';
import { recordQualification } from '../../../services/lifecycle/record-qualification.js';
import { rejectLead } from '../../../services/lifecycle/reject-lead.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import { presentContact, presentEvent } from '../contacts/presenters.js';
import { EventSchema } from '../contacts/schemas.js';
import {
  AcceptBody,
  AttemptBody,
  HandoffBriefSchema,
  OpportunityBody,
  QualificationBody,
  QualifyBody,
  ReasonBody,
  TransitionBody,
  WonBody,
} from './schemas.js';

const tags = ['leads'];
const contact = { $ref: 'Contact#' } as const;
const moved = { 200: contact, ...commonErrors };
const moveNote =
  'A move the definitions in force do not allow from the current stage answers 409 with `allowed`.';

/** The lead desk's actions on one contact: each is one stage transition (or answers, or an attempt). */
export const leadRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/contacts/:id/brief',
    {
      schema: {
        tags,
        summary: 'The handoff brief: why this lead',
        description:
          'Why the lead qualified (the five largest contributions to its score, fit and engagement), its persona, first and last touch, the 10 newest activities, the content it consumed and its stage history, as of now. The same document rides on every `lead.assigned` notification. Whoever may read the contact may read its brief.',
        security,
        params: IdParams,
        response: { 200: HandoffBriefSchema, ...commonErrors },
      },
    },
    async (request) =>
      getHandoffBrief({ db, actor: actorOf(request), contactId: request.params.id }),
  );

  app.post(
    '/contacts/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a lead handed over on a qualification route (→ SAL)',
        description: `Sales only. An unowned lead becomes the accepting member's. ${moveNote}`,
        security,
        params: IdParams,
        body: AcceptBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await acceptLead({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          note: request.body.note,
        }),
      ),
  );

  app.post(
    '/contacts/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a lead with a reason code (→ recycled or disqualified)',
        description: `Sales only. The reject reason code decides the exit stage. ${moveNote}`,
        security,
        params: IdParams,
        body: ReasonBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await rejectLead({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          reasonCode: request.body.reasonCode,
          note: request.body.note,
        }),
      ),
  );

  app.put(
    '/contacts/:id/qualification',
    {
      schema: {
        tags,
        summary: "Record answers to the qualification framework's fields",
        description: 'Answers merge into those already given; an empty string clears one.',
        security,
        params: IdParams,
        body: QualificationBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await recordQualification({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          answers: request.body.answers,
        }),
      ),
  );

  app.post(
    '/contacts/:id/qualify',
    {
      schema: {
        tags,
        summary: 'Qualify a lead (→ SQL); the framework must be complete',
        description: `Answers given here are saved first. Missing answers: 409 with \`missing\`. ${moveNote}`,
        security,
        params: IdParams,
        body: QualifyBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await qualifyLead({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          answers: request.body.answers,
          note: request.body.note,
        }),
      ),
  );

  app.post(
    '/contacts/:id/opportunity',
    {
      schema: {
        tags,
        summary: 'Open an opportunity for a sales qualified lead',
        description: moveNote,
        security,
        params: IdParams,
        body: OpportunityBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await openOpportunity({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          amount: request.body.amount,
          note: request.body.note,
        }),
      ),
  );

  app.post(
    '/contacts/:id/won',
    {
      schema: {
        tags,
        summary: 'Close the deal as won, with the amount (→ customer)',
        description: moveNote,
        security,
        params: IdParams,
        body: WonBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await markWon({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          amount: request.body.amount,
          note: request.body.note,
        }),
      ),
  );

  app.post(
    '/contacts/:id/lost',
    {
      schema: {
        tags,
        summary: 'Close the deal as lost, with a lost reason code',
        description: `The lost reason code decides recycled or disqualified. ${moveNote}`,
        security,
        params: IdParams,
        body: ReasonBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await markLost({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          reasonCode: request.body.reasonCode,
          note: request.body.note,
        }),
      ),
  );

  app.post(
    '/contacts/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move a contact to any stage the definitions allow',
        description: `With what the target stage requires: a reason code (recycled, disqualified), an amount (customer), a complete framework (sql). ${moveNote}`,
        security,
        params: IdParams,
        body: TransitionBody,
        response: moved,
      },
    },
    async (request) =>
      presentContact(
        await changeStage({
          db,
          actor: actorOf(request),
          contactId: request.params.id,
          request: request.body,
        }),
      ),
  );

  app.post(
    '/contacts/:id/attempts',
    {
      schema: {
        tags,
        summary: 'Log a sales attempt (call, email, meeting) with its outcome',
        description:
          'Stored as a `sales_attempt` event on the contact, which SLA clauses count. The owning rep or a sales manager.',
        security,
        params: IdParams,
        body: AttemptBody,
        response: { 201: EventSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const event = await logSalesAttempt({
        db,
        actor: actorOf(request),
        contactId: request.params.id,
        channel: b.channel as AttemptChannel,
        outcome: b.outcome,
        note: b.note,
        occurredAt: b.occurredAt === undefined ? undefined : new Date(b.occurredAt),
      });
      return reply.code(201).send(presentEvent(event));
    },
  );
};
