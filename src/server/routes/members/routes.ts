import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../core/app-error.js';
import { addAwayPeriod } from '../../../services/members/add-away-period.js';
import { listAwayPeriods } from '../../../services/members/list-away-periods.js';
import { listMembers } from '../../../services/members/list-members.js';
import { removeAwayPeriod } from '../../../services/members/remove-away-period.js';
import { setMemberCalendar } from '../../../services/members/set-member-calendar.js';
import type { AwayPeriodRow } from '../../../store/away-periods.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import {
  AwayPeriodBody,
  AwayPeriodList,
  AwayPeriodParams,
  AwayPeriodSchema,
  CalendarBody,
  MemberWithCalendar,
} from './schemas.js';

const tags = ['members'];

function presentAwayPeriod(p: AwayPeriodRow) {
  return {
    id: p.id,
    memberId: p.memberId,
    startsAt: p.startsAt.toISOString(),
    endsAt: p.endsAt.toISOString(),
    note: p.note,
    createdAt: p.createdAt.toISOString(),
  };
}

export const memberRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/members',
    {
      schema: {
        tags,
        summary: 'List members (owners, teams)',
        security,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Member')) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listMembers({ db, actor: actorOf(request) }) }),
  );

  app.put(
    '/members/:id/calendar',
    {
      schema: {
        tags,
        summary: "Set a member's working hours (null: Monday–Friday 09:00–17:00 in their zone)",
        description:
          'The member or a sales manager. SLA clocks fall due in the owner’s working hours; running clocks keep their due times and the new hours apply to leads handed over from now. Every problem of the calendar comes back by path under calendar/.',
        security,
        params: IdParams,
        body: CalendarBody,
        response: { 200: MemberWithCalendar, ...commonErrors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const calendar = await setMemberCalendar({
        db,
        actor,
        memberId: request.params.id,
        calendar: request.body.calendar,
      });
      const member = (await listMembers({ db, actor })).find((m) => m.id === request.params.id);
      if (!member) throw new AppError('not_found', 'No member with that id');
      return { ...member, calendar, calendarIsDefault: request.body.calendar === null };
    },
  );

  app.get(
    '/members/:id/away-periods',
    {
      schema: {
        tags,
        summary: "A member's away periods, earliest first",
        security,
        params: IdParams,
        response: { 200: AwayPeriodList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (
        await listAwayPeriods({ db, actor: actorOf(request), memberId: request.params.id })
      ).map(presentAwayPeriod),
    }),
  );

  app.post(
    '/members/:id/away-periods',
    {
      schema: {
        tags,
        summary: 'Record leave: routing passes the member over while it lasts',
        description: 'The member or a sales manager. endsAt must be after startsAt.',
        security,
        params: IdParams,
        body: AwayPeriodBody,
        response: { 201: AwayPeriodSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const memberId = request.params.id;
      const { id } = await addAwayPeriod({
        db,
        actor,
        memberId,
        from: new Date(request.body.startsAt),
        to: new Date(request.body.endsAt),
        note: request.body.note ?? null,
      }).catch((error: unknown) => {
        // The use case names its own fields from and to; the request calls them startsAt and endsAt.
        if (error instanceof AppError && error.code === 'validation_failed')
          throw new AppError(error.code, error.message, {
            fields: error.fields.map((f) => ({
              field: f.field === 'to' ? 'endsAt' : f.field === 'from' ? 'startsAt' : f.field,
              message: f.message.replace('after from', 'after startsAt'),
            })),
          });
        throw error;
      });
      const created = (await listAwayPeriods({ db, actor, memberId })).find((p) => p.id === id);
      if (!created) throw new AppError('internal', `away period ${id} vanished`);
      return reply.code(201).send(presentAwayPeriod(created));
    },
  );

  app.delete(
    '/members/:id/away-periods/:periodId',
    {
      schema: {
        tags,
        summary: 'Remove an away period',
        description: 'The member or a sales manager.',
        security,
        params: AwayPeriodParams,
        response: { 204: Type.Null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await removeAwayPeriod({
        db,
        actor: actorOf(request),
        memberId: request.params.id,
        periodId: request.params.periodId,
      });
      return reply.code(204).send(null);
    },
  );
};
