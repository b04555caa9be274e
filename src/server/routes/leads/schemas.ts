import { type TSchema, Type } from 'typebox';
import { allAttemptOutcomes, attemptChannels } from '../../../core/sales-activity.js';

const Note = Type.String({
  maxLength: 2000,
  description: 'Free text recorded with the transition: what the rep wants marketing to know',
});
const ReasonCode = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,59}$',
  description: 'A reason code of the definitions in force (GET /api/v1/definitions)',
});
function Amount(description: string) {
  return Type.Number({ exclusiveMinimum: 0, maximum: 1e12, description });
}
const Answers = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.String(), {
  maxProperties: 20,
  description:
    "Answers to the qualification framework's fields (BANT: budget, authority, need, timeline), by field key; an empty string clears one",
});

export const AcceptBody = Type.Object(
  { note: Type.Optional(Note) },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object(
  { reasonCode: ReasonCode, note: Type.Optional(Note) },
  { additionalProperties: false },
);

export const QualificationBody = Type.Object({ answers: Answers }, { additionalProperties: false });

export const QualifyBody = Type.Object(
  { answers: Type.Optional(Answers), note: Type.Optional(Note) },
  { additionalProperties: false },
);

export const OpportunityBody = Type.Object(
  {
    amount: Type.Optional(Amount('The expected deal value')),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const WonBody = Type.Object(
  { amount: Amount('The amount won'), note: Type.Optional(Note) },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    to: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'The target stage key' }),
    reasonCode: Type.Optional(ReasonCode),
    amount: Type.Optional(Amount('Required by stages that need an amount (customer)')),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);

export const AttemptBody = Type.Object(
  {
    channel: Type.Union(attemptChannels.map((c) => Type.Literal(c))),
    outcome: Type.Union(
      allAttemptOutcomes.map((o) => Type.Literal(o)),
      {
        description:
          'call: connected, no_answer, left_voicemail, wrong_number, call_back_later; email: sent, replied, bounced; meeting: held, no_show, rescheduled, cancelled',
      },
    ),
    note: Type.Optional(Note),
    occurredAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'When the attempt happened (default: now); not in the future',
      }),
    ),
  },
  { additionalProperties: false },
);

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const BriefTouch = Nullable(
  Type.Object({
    source: Nullable(Type.String()),
    medium: Nullable(Type.String()),
    campaign: Nullable(Type.String()),
  }),
);

/** core/handoff-brief.ts HandoffBrief: why a lead reached sales. */
export const HandoffBriefSchema = Type.Object(
  {
    contactId: Type.String({ format: 'uuid' }),
    generatedAt: Instant,
    qualifiedAs: Nullable(
      Type.String({ description: 'The route stage (MQL, PQL, CQL key) the lead last entered' }),
    ),
    qualifiedAt: Nullable(Instant),
    score: Nullable(
      Type.Object({
        total: Type.Number(),
        fit: Type.Number(),
        engagement: Type.Number(),
        band: Type.String(),
      }),
    ),
    topContributions: Type.Array(
      Type.Object({ rule: Type.String(), label: Type.String(), points: Type.Number() }),
      { description: "The score explanation's five largest contributions, largest first" },
    ),
    persona: Nullable(Type.Object({ key: Type.String(), name: Type.String() })),
    firstTouch: BriefTouch,
    lastTouch: BriefTouch,
    recentActivities: Type.Array(
      Type.Object({
        type: Type.String(),
        name: Nullable(Type.String()),
        occurredAt: Instant,
        url: Nullable(Type.String()),
        title: Nullable(Type.String()),
      }),
      { description: 'The 10 newest events, newest first' },
    ),
    contentConsumed: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('page'), Type.Literal('download'), Type.Literal('webinar')]),
        title: Nullable(Type.String()),
        url: Nullable(Type.String()),
        times: Type.Integer(),
        lastAt: Instant,
      }),
      {
        description:
          'Pages and screens viewed (by path), downloads (*_downloaded, by asset) and webinars (webinar_*, by title) among the newest 200 events; most often first, at most 10',
      },
    ),
    stageHistory: Type.Array(
      Type.Object({
        from: Nullable(Type.String()),
        to: Type.String(),
        occurredAt: Instant,
        actor: Type.Object({
          kind: Type.Union([
            Type.Literal('member'),
            Type.Literal('api_key'),
            Type.Literal('system'),
          ]),
          id: Nullable(Type.String()),
          name: Nullable(Type.String()),
        }),
        reasonCode: Nullable(Type.String()),
      }),
      { description: 'Oldest first (the newest 30 moves)' },
    ),
  },
  { additionalProperties: false },
);
