import { Type } from 'typebox';
import { feedbackGroupBys, feedbackTouches } from '../../../core/feedback.js';
import { DateTime, Nullable } from '../../schemas.js';

const periodBound = (description: string) =>
  Type.String({
    maxLength: 40,
    description: `${description}: a day (YYYY-MM-DD, UTC midnight) or an ISO 8601 date-time with an offset`,
  });

export const SourceQualityQuery = Type.Object(
  {
    groupBy: Type.Optional(
      Type.Enum([...feedbackGroupBys], {
        description: `What to group the leads by: ${feedbackGroupBys.join(', ')} (default source)`,
      }),
    ),
    from: Type.Optional(
      periodBound('Start of the period, included (default: 12 months before to)'),
    ),
    to: Type.Optional(periodBound('End of the period, excluded (default: now)')),
    touch: Type.Optional(
      Type.Enum([...feedbackTouches], {
        description:
          'Read source, medium and campaign from the first touch (default) or the last; persona ignores it',
      }),
    ),
    format: Type.Optional(
      Type.Enum(['json', 'csv'], {
        description: 'csv for a file (as Accept: text/csv does); default json',
      }),
    ),
  },
  { additionalProperties: false },
);

const Rate = Nullable(
  Type.Number({ description: 'A share of the leads handed over (0–1); null when none were' }),
);

const Reason = Type.Object({
  code: Nullable(
    Type.String({ description: 'The reason code; null for an exit recorded without one' }),
  ),
  label: Type.String(),
  count: Type.Integer(),
});

const figures = {
  handed: Type.Integer({
    description: 'Contacts that first entered MQL, PQL or CQL within the period',
  }),
  accepted: Type.Integer({ description: 'Reached SAL (or later) after the handoff' }),
  acceptanceRate: Rate,
  sql: Type.Integer({ description: 'Reached SQL (or later) after the handoff' }),
  sqlRate: Rate,
  won: Type.Integer({ description: 'Became customers after the handoff' }),
  winRate: Rate,
  revenue: Type.Number({ description: 'The won amounts, summed' }),
  rejected: Type.Integer({ description: 'Turned down by sales (from a route stage or SAL)' }),
  rejectReasons: Type.Array(Reason, {
    description: 'The first rejection’s reason code, most frequent first',
  }),
  lost: Type.Integer({ description: 'Deals that fell through after SQL' }),
  lostReasons: Type.Array(Reason),
};

export const SourceQualityReportSchema = Type.Object({
  groupBy: Type.Enum([...feedbackGroupBys]),
  touch: Type.Enum([...feedbackTouches]),
  period: Type.Object({ from: DateTime, to: DateTime }),
  definitionsVersion: Nullable(Type.Integer()),
  reasonCodes: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      kind: Type.Enum(['reject', 'lost']),
    }),
    { description: 'The reason codes in force, in the definitions’ order' },
  ),
  rows: Type.Array(
    Type.Object({
      group: Type.String({ description: 'The value grouped on, or "(none)"' }),
      label: Type.String({ description: "The persona's name; otherwise the value" }),
      ...figures,
    }),
  ),
  totals: Type.Object(figures),
});
