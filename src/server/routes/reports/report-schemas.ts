import { type TSchema, Type } from 'typebox';
import {
  funnelSplits,
  reportBys,
  reportTouches,
  summaryBys,
} from '../../../core/reports/report-types.js';
import { Nullable } from '../../schemas.js';

/** YYYY-MM: a UTC calendar month. */
const monthPattern = '^[0-9]{4}-(0[1-9]|1[0-2])$';
const monthOf = (description: string) =>
  Type.String({ pattern: monthPattern, description, examples: ['2026-11'] });
export const Month = monthOf('A UTC calendar month, YYYY-MM');

const range = {
  from: Type.Optional(monthOf('First month, included (YYYY-MM; default: 11 months before to)')),
  to: Type.Optional(monthOf('Last month, included (YYYY-MM; default: this month)')),
  format: Type.Optional(
    Type.Enum(['json', 'csv'], {
      description: 'csv for a file (as Accept: text/csv does); default json',
    }),
  ),
};

const split = Type.Optional(
  Type.Enum([...funnelSplits], {
    description: `Split the rows by ${funnelSplits.join(', ')} (default none: the total row only)`,
  }),
);
const touch = Type.Optional(
  Type.Enum([...reportTouches], {
    description: 'Read source and campaign from the first touch (default) or the last',
  }),
);
const by = Type.Optional(
  Type.Enum([...reportBys], { description: 'Group by source (default) or campaign' }),
);

export const FunnelQuery = Type.Object({ ...range, split }, { additionalProperties: false });
export const VelocityQuery = FunnelQuery;
export const LeadQualityQuery = Type.Object(
  { ...range, touch, by },
  { additionalProperties: false },
);
export const ScoringQuery = Type.Object({ ...range }, { additionalProperties: false });
export const AttributionQuery = LeadQualityQuery;
export const SummaryQuery = Type.Object(
  {
    ...range,
    by: Type.Optional(
      Type.Enum([...summaryBys], {
        description: `One row per ${summaryBys.slice(1).join(', ')}, or none (default: one total row)`,
      }),
    ),
    owner: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only the contacts this member owns' }),
    ),
    team: Type.Optional(
      Type.String({
        format: 'uuid',
        description: "Only the contacts owned by this team's members",
      }),
    ),
    marketer: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only the contacts credited to this marketer' }),
    ),
  },
  { additionalProperties: false },
);

const Rate = Nullable(Type.Number({ description: 'A share (0–1); null when the base is 0' }));
const Hours = Nullable(Type.Number({ description: 'Hours; null when no stay was completed' }));
const GroupKey = Nullable(
  Type.String({
    description: "The value grouped on; null when none was recorded; '__all__' for the total row",
  }),
);
const Count = Type.Integer({ minimum: 0 });
const Money = Type.Number();

const common = {
  from: Month,
  to: Month,
  definitionsVersion: Nullable(Type.Integer({ description: 'The stage definitions in force' })),
  pending: Type.Integer({
    minimum: 0,
    description:
      'Contacts changed but not yet folded into the rollups (0: the figures are current)',
  }),
};

const Step = Type.Object({ key: Type.String(), label: Type.String() });

export const FunnelReportSchema = Type.Object({
  ...common,
  split: Type.Enum([...funnelSplits]),
  steps: Type.Array(Step, {
    description:
      "Funnel and route stages and 'qualified' (any route) in position order, then the exits",
  }),
  rows: Type.Array(
    Type.Object({
      key: GroupKey,
      label: Type.String(),
      counts: Type.Array(Count, { description: 'Contacts of the cohorts that reached each step' }),
      conversions: Type.Array(Rate, {
        description:
          'counts[i] ÷ the previous main-path step (funnel stages and qualified); null for the first step, route and exit steps',
      }),
    }),
  ),
  cohorts: Type.Array(Type.Object({ month: Month, counts: Type.Array(Count) }), {
    description: 'Each month of the range: the contacts created in it and the steps they reached',
  }),
});

const VelocityStage = Type.Object({
  key: Type.String(),
  label: Type.String(),
  stays: Count,
  medianHours: Hours,
  p90Hours: Hours,
  meanHours: Hours,
});

export const VelocityReportSchema = Type.Object({
  ...common,
  split: Type.Enum([...funnelSplits]),
  rows: Type.Array(
    Type.Object({ key: GroupKey, label: Type.String(), stages: Type.Array(VelocityStage) }),
    {
      description:
        'Completed stays by the cohort month of the contact; median and p90 read from a histogram of 5%-wide buckets (within ±2.5%)',
    },
  ),
});

const Reason = Type.Object({
  code: Nullable(Type.String()),
  label: Type.String(),
  count: Count,
});

const qualityFigures = {
  handed: Count,
  accepted: Count,
  rejected: Count,
  sql: Count,
  won: Count,
  lost: Count,
  revenue: Money,
  acceptanceRate: Rate,
  sqlRate: Rate,
  winRate: Rate,
  rejectReasons: Type.Array(Reason),
  lostReasons: Type.Array(Reason),
};

export const LeadQualityReportSchema = Type.Object({
  ...common,
  touch: Type.Enum([...reportTouches]),
  by: Type.Enum([...reportBys]),
  reasonCodes: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), kind: Type.Enum(['reject', 'lost']) }),
  ),
  rows: Type.Array(Type.Object({ key: GroupKey, label: Type.String(), ...qualityFigures })),
  total: Type.Object(qualityFigures),
});

export const ScoringReportSchema = Type.Object({
  ...common,
  bands: Type.Array(
    Type.Object({
      band: Nullable(Type.String({ description: 'The band at handoff; null: no score yet' })),
      handed: Count,
      accepted: Count,
      sql: Count,
      won: Count,
      sqlRate: Rate,
      winRate: Rate,
    }),
  ),
  calibration: Type.Array(
    Type.Object({
      bucket: Type.Integer({ minimum: 0, maximum: 9 }),
      label: Type.String({ examples: ['0–9', '90+'] }),
      handed: Count,
      meanScore: Nullable(Type.Number()),
      sqlRate: Rate,
      winRate: Rate,
    }),
    { description: 'Ten rows: the leads handed with a total score in each 10-point bucket' },
  ),
});

export const AttributionReportSchema = Type.Object({
  ...common,
  touch: Type.Enum([...reportTouches]),
  by: Type.Enum([...reportBys]),
  rows: Type.Array(
    Type.Object({ key: GroupKey, label: Type.String(), deals: Count, revenue: Money, share: Rate }),
  ),
  total: Type.Object({ deals: Count, revenue: Money }),
});

export const SummaryReportSchema = Type.Object({
  ...common,
  by: Type.Enum([...summaryBys]),
  stages: Type.Array(Step),
  rows: Type.Array(
    Type.Object({
      key: GroupKey,
      label: Type.String(),
      entries: Type.Record(Type.String(), Count, {
        description: 'First entries into each stage in the range, by stage key',
      }),
      revenue: Money,
    }),
  ),
});

/* The shared plan. */

export const PlanQuery = Type.Object(
  { month: Type.Optional(monthOf('Default: this month')), format: range.format },
  { additionalProperties: false },
);
export const PlanParams = Type.Object({ month: Month }, { additionalProperties: false });
export const PlanBody = Type.Object(
  {
    revenueTarget: Type.Number({
      minimum: 0,
      maximum: 1e13,
      description: "The month's revenue target",
    }),
  },
  { additionalProperties: false },
);

const PlanFigures = Type.Object({
  revenue: Money,
  deals: Count,
  sqls: Count,
  mqls: Count,
  leads: Count,
});

export const PlanDocumentSchema = Type.Object({
  month: Month,
  revenueTarget: Nullable(Money),
  basis: Type.Object(
    { from: Month, to: Month },
    { description: 'The 12 whole months before the month, whose rates the plan uses' },
  ),
  rates: Type.Object({
    averageDeal: Nullable(Money),
    winRate: Rate,
    sqlRate: Rate,
    handRate: Rate,
  }),
  needed: Nullable(PlanFigures),
  actual: PlanFigures,
  slaQuota: Nullable(
    Type.Integer({
      description: 'MQLs the SLA contract in force promises: per-rep quota × active reps',
    }),
  ),
  definitionsVersion: common.definitionsVersion,
  pending: common.pending,
});

/** The response of a JSON-or-CSV report route, for the OpenAPI document. */
export function jsonOrCsv(schema: TSchema, csv: string) {
  return {
    content: {
      'application/json': { schema },
      'text/csv': { schema: { type: 'string', description: csv } },
    },
  };
}
