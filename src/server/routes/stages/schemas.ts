import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../schemas.js';

const TeamSide = Type.Union([Type.Literal('marketing'), Type.Literal('sales')]);
const StageKind = Type.Union([Type.Literal('funnel'), Type.Literal('route'), Type.Literal('exit')]);
const StageKey = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

export const StageSchema = Type.Object(
  {
    key: StageKey,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    position: Type.Integer({ minimum: 0, maximum: 10_000 }),
    kind: StageKind,
    owningTeam: TeamSide,
    definition: Type.String({ minLength: 1, maxLength: 5000 }),
    entryCriteria: Type.String({ maxLength: 5000 }),
    exitCriteria: Type.String({ maxLength: 5000 }),
    allowedTransitions: Type.Array(StageKey, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const StageVersionSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  status: Type.Union([
    Type.Literal('proposed'),
    Type.Literal('active'),
    Type.Literal('superseded'),
  ]),
  summary: Nullable(Type.String()),
  createdAt: DateTime,
  activatedAt: Nullable(DateTime),
});

export const ActiveStagesResponse = Type.Object({
  version: StageVersionSchema,
  items: Type.Array(StageSchema),
});

export const StageVersionList = Type.Object({
  items: Type.Array(
    Type.Object({ ...StageVersionSchema.properties, stages: Type.Array(StageSchema) }),
  ),
});

export const ProposeStagesBody = Type.Object(
  {
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    stages: Type.Array(StageSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
