import { Type } from 'typebox';
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
