import { Type } from 'typebox';
import { Cursor, DateTime, Limit, Nullable, PageOf, Properties, Uuid } from '../../schemas.js';

const Text = (max: number) => Nullable(Type.String({ maxLength: max }));
const Touch = Nullable(
  Type.Object({
    source: Nullable(Type.String()),
    medium: Nullable(Type.String()),
    campaign: Nullable(Type.String()),
  }),
);
const StageKey = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description: 'A stage key from GET /api/v1/stages',
});

export const ContactSchema = Type.Object(
  {
    id: Uuid,
    email: Nullable(Type.String()),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    title: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    accountId: Nullable(Uuid),
    account: Nullable(
      Type.Object({ id: Uuid, name: Type.String(), domain: Nullable(Type.String()) }),
    ),
    ownerId: Nullable(Uuid),
    owner: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
    lifecycleStage: Type.String(),
    fitScore: Nullable(Type.Number()),
    engagementScore: Nullable(Type.Number()),
    totalScore: Nullable(Type.Number()),
    band: Nullable(Type.String()),
    personaKey: Nullable(Type.String()),
    qualification: Type.Record(Type.String(), Type.String()),
    firstTouch: Touch,
    lastTouch: Touch,
    properties: Type.Record(Type.String(), Type.Unknown()),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Contact' },
);

const writable = {
  email: Nullable(Type.String({ format: 'email', maxLength: 320 })),
  firstName: Text(200),
  lastName: Text(200),
  title: Text(200),
  phone: Text(50),
  accountId: Nullable(Uuid),
  ownerId: Nullable(Uuid),
  lifecycleStage: StageKey,
  properties: Properties,
};

export const CreateContactBody = Type.Object(
  Object.fromEntries(Object.entries(writable).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof typeof writable]: ReturnType<typeof Type.Optional<(typeof writable)[K]>>;
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UpdateContactBody = Type.Object(
  {
    ...CreateContactBody.properties,
    reason: Type.Optional(
      Type.String({ maxLength: 1000, description: 'Why the stage or owner changed' }),
    ),
    reasonCode: Type.Optional(
      Type.String({
        maxLength: 60,
        description:
          'A reason code of the definitions in force, for moves into recycled or disqualified',
      }),
    ),
    amount: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1e12,
        description: 'The won amount, for customer',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListContactsQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Free text: name, email or account' }),
    ),
    stage: Type.Optional(StageKey),
    ownerId: Type.Optional(
      Type.Union([Uuid, Type.Literal('none')], {
        description: 'A member id, or "none" for unowned',
      }),
    ),
    accountId: Type.Optional(Uuid),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const EventSchema = Type.Object({
  id: Uuid,
  contactId: Nullable(Uuid),
  type: Type.String(),
  name: Nullable(Type.String()),
  source: Type.String(),
  messageId: Type.String(),
  properties: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: DateTime,
  receivedAt: DateTime,
});

export const TransitionSchema = Type.Object({
  id: Uuid,
  fromStage: Nullable(Type.String()),
  toStage: Type.String(),
  actor: Type.Object({
    kind: Type.Union([Type.Literal('member'), Type.Literal('api_key'), Type.Literal('system')]),
    id: Nullable(Type.String()),
    name: Nullable(Type.String()),
  }),
  reason: Nullable(Type.String()),
  reasonCode: Nullable(Type.String()),
  amount: Nullable(Type.Number()),
  occurredAt: DateTime,
});

export const PageQuery = Type.Object(
  { limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const ContactPage = PageOf(Type.Ref('Contact'));
export const EventPage = PageOf(EventSchema);
export const TransitionList = Type.Object({ items: Type.Array(TransitionSchema) });

export const ExportContactsQuery = Type.Object(
  {
    q: ListContactsQuery.properties.q,
    stage: ListContactsQuery.properties.stage,
    ownerId: ListContactsQuery.properties.ownerId,
    format: Type.Optional(
      Type.Union([Type.Literal('csv'), Type.Literal('jsonl')], { default: 'csv' }),
    ),
  },
  { additionalProperties: false },
);
