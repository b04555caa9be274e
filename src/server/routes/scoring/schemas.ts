import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../schemas.js';

const Who = Nullable(Type.Object({ id: Uuid, name: Type.String() }));

const Document = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  description:
    'The scoring model document: halfLifeDays, fit, engagement, negative, bands, qualification (see README, "Scoring model")',
});

export const ModelVersionSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  name: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]),
  note: Nullable(Type.String()),
  origin: Type.Union([Type.Literal('default'), Type.Literal('manual'), Type.Literal('learned')]),
  createdBy: Who,
  createdAt: DateTime,
  updatedAt: DateTime,
  activatedBy: Who,
  activatedAt: Nullable(DateTime),
  retiredAt: Nullable(DateTime),
});

export const ModelVersionWithDocument = Type.Intersect([
  ModelVersionSchema,
  Type.Object({ document: Type.Unknown(), report: Type.Unknown() }),
]);

export const ModelVersionList = Type.Object({ items: Type.Array(ModelVersionSchema) });

export const DraftBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    document: Document,
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const ValidateBody = Type.Object(
  { document: Type.Unknown() },
  { additionalProperties: false },
);

export const ValidationResult = Type.Object({
  valid: Type.Boolean(),
  problems: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
});

export const RescoreSchema = Type.Object({
  id: Uuid,
  modelId: Uuid,
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  total: Type.Integer(),
  done: Type.Integer(),
  error: Nullable(Type.String()),
  startedAt: DateTime,
  finishedAt: Nullable(DateTime),
});

export const RescoreList = Type.Object({ items: Type.Array(RescoreSchema) });

export const Activation = Type.Object({ model: ModelVersionSchema, rescore: RescoreSchema });

const Qualifies = Type.Object({ mql: Type.Boolean(), pql: Type.Boolean(), cql: Type.Boolean() });

export const ScoreExplanationSchema = Type.Object({
  model: Type.Object({ id: Uuid, version: Type.Integer(), name: Type.String() }),
  at: DateTime,
  fit: Type.Number(),
  engagement: Type.Number(),
  total: Type.Number({ description: 'fit + engagement; the contributions add up to it exactly' }),
  band: Type.String(),
  qualifies: Qualifies,
  contributions: Type.Array(
    Type.Object({
      ruleId: Type.String(),
      label: Type.String(),
      kind: Type.Union([Type.Literal('fit'), Type.Literal('engagement'), Type.Literal('negative')]),
      part: Type.Union([Type.Literal('fit'), Type.Literal('engagement')]),
      points: Type.Number({ description: 'after decay, 4 decimals' }),
      occurrences: Type.Integer(),
      events: Type.Array(
        Type.Object({
          id: Uuid,
          type: Type.String(),
          name: Nullable(Type.String()),
          occurredAt: DateTime,
        }),
        { description: 'the newest 20 events that earned points' },
      ),
    }),
  ),
  probability: Nullable(
    Type.Number({
      description:
        "a learned version's exact probability of its outcome; null for hand-written versions",
    }),
  ),
  nextChange: Nullable(
    Type.Object({
      at: DateTime,
      reasons: Type.Array(Type.String()),
    }),
  ),
});

export const ScoreHistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      modelVersion: Type.Integer(),
      fit: Type.Number(),
      engagement: Type.Number(),
      total: Type.Number(),
      band: Type.String(),
      qualifies: Type.Array(Type.String()),
      cause: Type.String(),
      occurredAt: DateTime,
    }),
  ),
});
