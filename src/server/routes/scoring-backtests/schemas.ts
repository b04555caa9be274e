import { Type } from 'typebox';
import { outcomeStages } from '../../../core/scoring/backtest/outcomes.js';
import { DateTime, Nullable, Uuid } from '../../schemas.js';

const month = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
    description: `${description} (YYYY-MM, UTC)`,
  });
const Outcome = Type.Union(
  outcomeStages.map((s) => Type.Literal(s)),
  { description: 'A stage reached (or passed): sal = accepted, sql, customer = won' },
);

export const BacktestBody = Type.Object(
  {
    document: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
        description: 'A scoring model document to test (not saved); or give modelId',
      }),
    ),
    modelId: Type.Optional(
      Type.String({ format: 'uuid', description: 'A stored version to test' }),
    ),
    compareWith: Type.Optional(
      Type.Union([Uuid, Type.Literal('active'), Type.Literal('none')], {
        description: 'The version to set beside it (default: active; none for nothing)',
      }),
    ),
    from: Type.Optional(month('First month; default 12 months back')),
    to: Type.Optional(month('Last month, included; default this month')),
    quotaPerRep: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 10_000,
        description: "MQLs promised per sales rep per month (the SLA's quota; default 5)",
      }),
    ),
    outcome: Type.Optional(Outcome),
  },
  { additionalProperties: false },
);

const Rate = Nullable(Type.Number({ description: 'Share of contacts; null for none' }));

const OutcomeCounts = {
  contacts: Type.Integer(),
  accepted: Type.Integer({ description: 'reached SAL or later' }),
  sql: Type.Integer({ description: 'reached SQL or later' }),
  won: Type.Integer({ description: 'reached customer' }),
  acceptanceRate: Rate,
  sqlRate: Rate,
  winRate: Rate,
};

const ModelRef = Type.Union([
  Type.Object({ source: Type.Literal('document') }),
  Type.Object({
    source: Type.Literal('version'),
    id: Uuid,
    version: Type.Integer(),
    name: Type.String(),
    status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]),
  }),
]);

const ModelResult = Type.Object({
  key: Type.String({ description: 'candidate (the model tested) or baseline' }),
  model: ModelRef,
  qualified: Type.Integer({ description: 'First qualified within the period' }),
  qualifiedBefore: Type.Integer({ description: 'Already qualified before the period' }),
  months: Type.Array(
    Type.Object({
      month: Type.String(),
      qualified: Type.Integer(),
      mql: Type.Integer(),
      pql: Type.Integer(),
      cql: Type.Integer(),
      accepted: Type.Integer(),
      sql: Type.Integer(),
      won: Type.Integer(),
    }),
  ),
  bands: Type.Array(
    Type.Object({
      band: Type.Union([Type.Literal('hot'), Type.Literal('warm'), Type.Literal('cold')]),
      qualified: Type.Integer(),
      ...OutcomeCounts,
    }),
  ),
  qualifiedCohort: Type.Object(OutcomeCounts),
  notQualifiedCohort: Type.Object(OutcomeCounts),
  ranking: Type.Object({
    positives: Type.Integer(),
    negatives: Type.Integer(),
    auc: Nullable(Type.Number()),
    roc: Type.Array(Type.Object({ fpr: Type.Number(), tpr: Type.Number() })),
    gains: Type.Array(
      Type.Object({ share: Type.Number(), captured: Type.Number(), lift: Type.Number() }),
    ),
    topDecileLift: Nullable(Type.Number()),
  }),
});

export const BacktestResultSchema = Type.Object({
  period: Type.Object({
    from: Type.String(),
    to: Type.String(),
    start: DateTime,
    end: DateTime,
    evaluatedAt: DateTime,
    months: Type.Array(Type.String()),
  }),
  quota: Type.Object({
    perRep: Type.Number(),
    reps: Type.Integer(),
    perMonth: Type.Number(),
  }),
  outcome: Outcome,
  contacts: Type.Integer({ description: 'Contacts known before the period ends' }),
  cohort: Type.Integer({
    description:
      'Contacts handed to sales within the period, or never: what rates and ranking are measured on',
  }),
  handoffs: Type.Array(Type.Object({ month: Type.String(), count: Type.Integer() })),
  models: Type.Array(ModelResult),
});
