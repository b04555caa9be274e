import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../schemas.js';

const Strategy = Type.Union([
  Type.Literal('round_robin'),
  Type.Literal('weighted'),
  Type.Literal('least_loaded'),
  Type.Literal('account_owner_first'),
]);

const TargetSchema = Type.Object({ teamId: Type.String(), strategy: Strategy });

/** The document as core/routing/routing-rules.ts defines it; new ones are checked by its validator. */
export const RoutingDocumentSchema = Type.Object({
  rules: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      teamId: Type.String(),
      strategy: Strategy,
      criteria: Type.Unknown({
        description: "The scoring model's predicate language on contact and account fields",
      }),
    }),
  ),
  fallback: Nullable(TargetSchema),
});

export const RoutingVersionSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  active: Type.Boolean(),
  document: RoutingDocumentSchema,
  createdBy: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  createdAt: DateTime,
});

export const RoutingResponse = Type.Object({
  active: Nullable(RoutingVersionSchema),
  /** Every version, newest first. */
  versions: Type.Array(RoutingVersionSchema),
});

export const RoutingVersionBody = Type.Object(
  {
    document: Type.Unknown({
      description:
        'The whole routing document: rules (first match wins) and fallback; every problem comes back by path under document/',
    }),
  },
  { additionalProperties: false },
);
