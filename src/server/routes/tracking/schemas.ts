import { Type } from 'typebox';

const shared = {
  writeKey: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'The write key, for clients that send it in the body',
    }),
  ),
  sentAt: Type.Optional(Type.String({ maxLength: 64 })),
  context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  integrations: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
};

/** A single call: the message itself (validated message by message in the use case). */
export const SingleBody = Type.Object(shared, {
  additionalProperties: true,
  description: 'A Segment message',
});

export const BatchBody = Type.Object(
  { ...shared, batch: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: true },
);

export const TrackResponse = Type.Object({
  success: Type.Boolean(),
  stored: Type.Integer({ description: 'Events newly stored' }),
  duplicates: Type.Integer({
    description: 'Events already stored under the same messageId (retries)',
  }),
  rejected: Type.Array(
    Type.Object({
      index: Type.Integer(),
      messageId: Type.Union([Type.String(), Type.Null()]),
      errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    }),
    { description: 'Invalid messages, not stored; the valid ones in the same request were' },
  ),
});
