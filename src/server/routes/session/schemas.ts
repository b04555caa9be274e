import { Type } from 'typebox';
import { Nullable, Uuid } from '../../schemas.js';

export const MemberSchema = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: Type.Union([
      Type.Literal('admin'),
      Type.Literal('marketing'),
      Type.Literal('sales_manager'),
      Type.Literal('sales_rep'),
    ]),
    teamId: Nullable(Uuid),
    teamName: Nullable(Type.String()),
    timeZone: Type.String(),
    capacity: Type.Integer(),
    active: Type.Boolean(),
  },
  { $id: 'Member' },
);

export const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const SessionResponse = Type.Object({
  member: Type.Ref('Member'),
  csrfToken: Type.String({
    description: 'Send as the x-csrf-token header on every write made with the session cookie',
  }),
});

export const MeResponse = Type.Object({
  member: Nullable(Type.Ref('Member')),
  apiKey: Nullable(
    Type.Object({ id: Uuid, name: Type.String(), scopes: Type.Array(Type.String()) }),
  ),
  csrfToken: Nullable(Type.String()),
});
