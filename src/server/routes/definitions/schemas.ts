import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../schemas.js';
import { StageSchema, TeamSideSchema, VersionStatusSchema } from '../stages/schemas.js';

const MemberRef = Type.Object({ id: Uuid, name: Type.String() });

export const PersonaSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  goals: Type.Array(Type.String()),
  pains: Type.Array(Type.String()),
  criteria: Type.Unknown({
    description: "The scoring model's predicate language on contact and account fields",
  }),
});

const ReasonCodeSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  kind: Type.Union([Type.Literal('reject'), Type.Literal('lost')]),
  outcome: Type.String({ description: 'The exit stage a lead given this reason moves to' }),
});

const FrameworkSchema = Type.Object({
  key: Type.Union([Type.Literal('bant'), Type.Literal('gpct')]),
  name: Type.String(),
  fields: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), help: Type.String() }),
  ),
});

export const DefinitionsDocumentSchema = Type.Object({
  stages: Type.Array(StageSchema),
  personas: Type.Array(PersonaSchema),
  reasonCodes: Type.Array(ReasonCodeSchema),
  qualification: FrameworkSchema,
});

const SignatureSchema = Type.Object({
  member: MemberRef,
  side: TeamSideSchema,
  note: Nullable(Type.String()),
  signedAt: DateTime,
});

const RematchSchema = Type.Object(
  {
    status: Type.Union([
      Type.Literal('running'),
      Type.Literal('completed'),
      Type.Literal('stopped'),
    ]),
    done: Type.Integer(),
    total: Type.Integer(),
    startedAt: DateTime,
    finishedAt: Nullable(DateTime),
  },
  {
    description:
      'Matching every contact to the personas again, in the background, after this version changed them; stopped when a newer version took over',
  },
);

export const DefinitionsVersionSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  status: VersionStatusSchema,
  summary: Nullable(Type.String()),
  proposedBy: Nullable(MemberRef),
  createdAt: DateTime,
  /** Null for a version that never took effect. */
  activatedAt: Nullable(DateTime),
  document: DefinitionsDocumentSchema,
  signatures: Type.Array(SignatureSchema),
  rematch: Nullable(RematchSchema),
});

export const DefinitionsVersionList = Type.Object({
  items: Type.Array(DefinitionsVersionSchema),
});

export const ProposeBody = Type.Object(
  {
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    document: Type.Unknown({
      description:
        'The whole definitions document: stages, personas, reasonCodes, qualification (see README, "Definitions")',
    }),
  },
  { additionalProperties: false },
);

export const SignBody = Type.Object(
  {
    side: Type.Optional(TeamSideSchema),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const PersonaList = Type.Object({
  version: Type.Object({ id: Uuid, version: Type.Integer() }),
  items: Type.Array(
    Type.Object({
      ...PersonaSchema.properties,
      contacts: Type.Integer({ description: 'Contacts matched to this persona now' }),
    }),
  ),
});
