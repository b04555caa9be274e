import { type TSchema, Type } from 'typebox';
import { maxCustomProperties } from '../core/entities.js';

/** Schemas shared by several API areas. */
export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ format: 'date-time' });

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const Cursor = Type.String({
  maxLength: 200,
  description: 'nextCursor of the previous page',
});

export const Properties = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  maxProperties: maxCustomProperties,
  description: 'Custom properties (JSON object)',
});

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: true },
);

const problemRef = Type.Ref('Problem');

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const commonErrors = {
  400: problemRef,
  401: problemRef,
  403: problemRef,
  404: problemRef,
  409: problemRef,
};

export const security: { [label: string]: string[] }[] = [{ session: [] }, { apiKey: [] }];
