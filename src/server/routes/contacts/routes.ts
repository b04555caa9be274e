import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createContact } from '../../../services/contacts/create-contact.js';
import { getContact } from '../../../services/contacts/get-contact.js';
import { listContactEventsPage } from '../../../services/contacts/list-contact-events.js';
import { listContactTransitions } from '../../../services/contacts/list-contact-transitions.js';
import { listContacts } from '../../../services/contacts/list-contacts.js';
import { updateContact } from '../../../services/contacts/update-contact.js';
import { exportRecords } from '../../../services/export/export-records.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import { presentContact, presentEvent, presentTransition } from './presenters.js';
import {
  ContactPage,
  CreateContactBody,
  EventPage,
  ExportContactsQuery,
  ListContactsQuery,
  PageQuery,
  TransitionList,
  UpdateContactBody,
} from './schemas.js';

const tags = ['contacts'];
const contact = { $ref: 'Contact#' } as const;

export const contactRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts',
        security,
        querystring: ListContactsQuery,
        response: { 200: ContactPage, ...commonErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listContacts({
        db,
        actor: actorOf(request),
        text: q.q,
        stage: q.stage,
        owner: q.ownerId,
        accountId: q.accountId,
        limit: q.limit ?? 50,
        cursor: q.cursor,
      });
      return { items: page.items.map(presentContact), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/contacts/export',
    {
      schema: {
        tags,
        summary: 'Download the contacts list (same filters) as CSV or JSON Lines',
        security,
        querystring: ExportContactsQuery,
        produces: ['text/csv', 'application/x-ndjson'],
        response: { 200: { type: 'string', description: 'The file, streamed' }, ...commonErrors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = q.format ?? 'csv';
      const rows = exportRecords({
        db,
        actor: actorOf(request),
        kind: 'contacts',
        format,
        filter: { text: q.q, stage: q.stage, owner: q.ownerId },
      });
      // Pull the first chunk before answering, so a refusal is still a proper problem response.
      const first = await rows.next();
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="contacts-${stamp}.${format}"`);
      return reply.send(
        Readable.from(
          (async function* () {
            if (!first.done) yield first.value;
            yield* rows;
          })(),
        ),
      );
    },
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact',
        security,
        body: CreateContactBody,
        response: { 201: contact, ...commonErrors },
      },
    },
    async (request, reply) => {
      const created = await createContact({ db, actor: actorOf(request), fields: request.body });
      return reply.code(201).send(presentContact(created));
    },
  );

  app.get(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Get a contact',
        security,
        params: IdParams,
        response: { 200: contact, ...commonErrors },
      },
    },
    async (request) =>
      presentContact(
        await getContact({ db, actor: actorOf(request), contactId: request.params.id }),
      ),
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Update a contact (fields, owner, stage)',
        description:
          'Changing `lifecycleStage` must follow the active stage definitions; a disallowed move answers 409 with the allowed targets.',
        security,
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: contact, ...commonErrors },
      },
    },
    async (request) => {
      const { reason, reasonCode, amount, ...fields } = request.body;
      const updated = await updateContact({
        db,
        actor: actorOf(request),
        contactId: request.params.id,
        fields,
        reason,
        reasonCode,
        amount,
      });
      return presentContact(updated);
    },
  );

  app.get(
    '/contacts/:id/events',
    {
      schema: {
        tags,
        summary: "A contact's events, newest first",
        security,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: EventPage, ...commonErrors },
      },
    },
    async (request) => {
      const page = await listContactEventsPage({
        db,
        actor: actorOf(request),
        contactId: request.params.id,
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      });
      return { items: page.items.map(presentEvent), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/contacts/:id/transitions',
    {
      schema: {
        tags,
        summary: "A contact's stage history, oldest first",
        security,
        params: IdParams,
        response: { 200: TransitionList, ...commonErrors },
      },
    },
    async (request) => {
      const items = await listContactTransitions({
        db,
        actor: actorOf(request),
        contactId: request.params.id,
      });
      return { items: items.map(presentTransition) };
    },
  );
};
