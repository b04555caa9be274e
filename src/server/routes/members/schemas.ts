import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../schemas.js';
import { MemberSchema } from '../session/schemas.js';
import { BusinessCalendarSchema } from '../sla/schemas.js';

export const CalendarBody = Type.Object(
  {
    calendar: Nullable(
      Type.Unknown({
        description:
          "A business calendar { timeZone, weeklyHours: [{ day 1–7, start HH:MM, end HH:MM }], holidays: [YYYY-MM-DD] }, or null for Monday–Friday 09:00–17:00 in the member's time zone; every problem comes back by path under calendar/",
      }),
    ),
  },
  { additionalProperties: false },
);

/** A member with the working hours in force (the default when they set none). */
export const MemberWithCalendar = Type.Object({
  ...MemberSchema.properties,
  calendar: BusinessCalendarSchema,
  calendarIsDefault: Type.Boolean(),
});

export const AwayPeriodSchema = Type.Object({
  id: Uuid,
  memberId: Uuid,
  startsAt: DateTime,
  endsAt: DateTime,
  note: Nullable(Type.String()),
  createdAt: DateTime,
});

export const AwayPeriodList = Type.Object({ items: Type.Array(AwayPeriodSchema) });

export const AwayPeriodBody = Type.Object(
  {
    startsAt: DateTime,
    endsAt: DateTime,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const AwayPeriodParams = Type.Object(
  { id: Uuid, periodId: Uuid },
  { additionalProperties: false },
);
