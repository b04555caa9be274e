import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../schemas.js';

export const TeamSideSchema = Type.Union([Type.Literal('marketing'), Type.Literal('sales')]);
const StageKind = Type.Union([Type.Literal('funnel'), Type.Literal('route'), Type.Literal('exit')]);

/** A stage as the API serves it; proposals are checked by the definitions validator instead. */
export const StageSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  kind: StageKind,
  owningTeam: TeamSideSchema,
  definition: Type.String(),
  entryCriteria: Type.String(),
  exitCriteria: Type.String(),
  allowedTransitions: Type.Array(Type.String()),
  entryRequirements: Type.Array(
    Type.Union([Type.Literal('qualification'), Type.Literal('amount'), Type.Literal('reason')]),
  ),
});

export const VersionStatusSchema = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('active'),
  Type.Literal('superseded'),
]);

export const StageVersionSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  status: VersionStatusSchema,
  summary: Nullable(Type.String()),
  createdAt: DateTime,
  activatedAt: Nullable(DateTime),
});

export const ActiveStagesResponse = Type.Object({
  version: StageVersionSchema,
  items: Type.Array(StageSchema),
});
