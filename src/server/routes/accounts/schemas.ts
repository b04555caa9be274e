import { Type } from 'typebox';
import { Cursor, DateTime, Limit, Nullable, PageOf, Properties, Uuid } from '../../schemas.js';

export const AccountSchema = Type.Object(
  {
    id: Uuid,
    domain: Nullable(Type.String()),
    groupId: Nullable(Type.String()),
    name: Type.String(),
    industry: Nullable(Type.String()),
    employees: Nullable(Type.Integer()),
    annualRevenue: Nullable(Type.Number()),
    country: Nullable(Type.String()),
    ownerId: Nullable(Uuid),
    properties: Type.Record(Type.String(), Type.Unknown()),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Account' },
);

const Domain = Type.String({
  minLength: 3,
  maxLength: 253,
  pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$',
  description: 'The company web domain, e.g. acme.com',
});

const fields = {
  industry: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  employees: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000_000 }))),
  annualRevenue: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e15 }))),
  country: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  ownerId: Type.Optional(Nullable(Uuid)),
  properties: Type.Optional(Properties),
};

export const CreateAccountBody = Type.Object(
  { domain: Domain, name: Type.String({ minLength: 1, maxLength: 300 }), ...fields },
  { additionalProperties: false },
);

export const UpdateAccountBody = Type.Object(
  {
    domain: Type.Optional(Domain),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    ...fields,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListAccountsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const AccountPage = PageOf(Type.Ref('Account'));
