import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../schemas.js';
import { TeamSideSchema } from '../stages/schemas.js';

const MemberRef = Type.Object({ id: Uuid, name: Type.String() });
const Share = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (UTC)' });

const MarketingClausesSchema = Type.Object({
  mqls_per_rep: Type.Optional(Type.Object({ perMonth: Type.Integer() })),
  accepted_share: Type.Optional(Type.Object({ atLeast: Type.Number() })),
});

const SalesClausesSchema = Type.Object({
  accept_within: Type.Optional(Type.Object({ businessHours: Type.Number() })),
  first_attempt_within: Type.Optional(Type.Object({ businessHours: Type.Number() })),
  attempt_cadence: Type.Optional(
    Type.Object({ attempts: Type.Integer(), businessDays: Type.Integer() }),
  ),
  outcome_recorded: Type.Optional(Type.Object({ businessDays: Type.Integer() })),
});

/** The document as core/sla/contract.ts defines it; proposals are checked by its validator. */
export const SlaContractSchema = Type.Object({
  marketing: MarketingClausesSchema,
  sales: SalesClausesSchema,
  escalation: Type.Object({
    warnOwnerAt: Type.Number(),
    notifyManagerOnBreach: Type.Boolean(),
    reassignOnBreach: Type.Boolean(),
  }),
});

export const SalesClauseKeySchema = Type.Union([
  Type.Literal('accept_within'),
  Type.Literal('first_attempt_within'),
  Type.Literal('attempt_cadence'),
  Type.Literal('outcome_recorded'),
]);

export const ClockStateSchema = Type.Union([
  Type.Literal('running'),
  Type.Literal('warned'),
  Type.Literal('met'),
  Type.Literal('breached'),
  Type.Literal('paused'),
  Type.Literal('cancelled'),
]);

export const SlaContractVersionSchema = Type.Object({
  version: Type.Integer(),
  status: Type.Union([
    Type.Literal('proposed'),
    Type.Literal('active'),
    Type.Literal('superseded'),
    Type.Literal('withdrawn'),
  ]),
  document: SlaContractSchema,
  /** Null for the seeded defaults (version 1). */
  proposedBy: Nullable(MemberRef),
  createdAt: DateTime,
  activatedAt: Nullable(DateTime),
  signatures: Type.Array(
    Type.Object({ member: MemberRef, side: TeamSideSchema, signedAt: DateTime }),
  ),
});

export const SlaContractVersionList = Type.Object({ items: Type.Array(SlaContractVersionSchema) });

export const ProposeContractBody = Type.Object(
  {
    document: Type.Unknown({
      description:
        'The whole SLA contract: marketing, sales and escalation (core/sla/contract.ts); every problem comes back by path under document/',
    }),
  },
  { additionalProperties: false },
);

export const VersionParams = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const SignContractBody = Type.Object(
  {
    side: Type.Optional(
      Type.Union([TeamSideSchema], { description: 'Required for an admin, who signs for either' }),
    ),
  },
  { additionalProperties: false },
);

export const SlaStandingSchema = Type.Object({
  month: Month,
  marketing: Type.Array(
    Type.Object({
      clause: Type.Union([Type.Literal('mqls_per_rep'), Type.Literal('accepted_share')]),
      /** mqls_per_rep: the month's quota (per rep × active reps); accepted_share: the share. */
      target: Type.Number(),
      /** Leads handed so far, or the acceptance rate so far (null before any decision). */
      actual: Nullable(Type.Number()),
      met: Nullable(Type.Boolean()),
      detail: Type.String(),
    }),
  ),
  sales: Type.Array(
    Type.Object({
      clause: SalesClauseKeySchema,
      /** The clause's window: business hours (accept, first attempt) or business days. */
      target: Type.Number(),
      met: Type.Integer(),
      breached: Type.Integer(),
      open: Type.Integer(),
      share: Share,
      detail: Type.String(),
    }),
  ),
});

export const ActiveContractResponse = Type.Object({
  contract: SlaContractVersionSchema,
  standing: SlaStandingSchema,
});

export const ScorecardQuery = Type.Object(
  { month: Type.Optional(Month) },
  { additionalProperties: false },
);

const ClauseTallySchema = Type.Object({
  met: Type.Integer(),
  breached: Type.Integer(),
  open: Type.Integer(),
  cancelled: Type.Integer(),
  withinShare: Share,
});

const SalesFiguresSchema = {
  delivered: Type.Integer(),
  quota: Nullable(Type.Integer()),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  acceptanceRate: Share,
  firstAttempt: Type.Object({
    leads: Type.Integer(),
    medianMs: Nullable(Type.Number()),
    p90Ms: Nullable(Type.Number()),
  }),
  clauses: Type.Object({
    accept_within: ClauseTallySchema,
    first_attempt_within: ClauseTallySchema,
    attempt_cadence: ClauseTallySchema,
    outcome_recorded: ClauseTallySchema,
  }),
  withinSla: ClauseTallySchema,
  cadenceCompliance: Share,
  outcomesRecorded: Type.Object({ recorded: Type.Integer(), share: Share }),
};

const StandingSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  successes: Type.Integer(),
  trials: Type.Integer(),
  score: Type.Number({ description: '(successes + 1) ÷ (trials + 2)' }),
});

export const ScorecardSchema = Type.Object({
  month: Month,
  from: DateTime,
  to: DateTime,
  contractVersion: Type.Integer(),
  marketing: Type.Object({
    /** Every lead handed in the month, unassigned ones included. */
    delivered: Type.Integer(),
    /** Handed leads no rep owned at the month's end (waiting to be claimed). */
    unassigned: Type.Integer(),
    /** Handed leads credited to no marketer: marketing's, but nobody's award. */
    uncredited: Type.Integer(),
    quota: Nullable(Type.Integer()),
    quotaMet: Nullable(Type.Boolean()),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    acceptanceRate: Share,
    acceptedShareMet: Nullable(Type.Boolean()),
  }),
  marketers: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      delivered: Type.Integer(),
      accepted: Type.Integer(),
      rejected: Type.Integer(),
      acceptanceRate: Share,
    }),
  ),
  reps: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      teamId: Nullable(Uuid),
      teamName: Nullable(Type.String()),
      active: Type.Boolean(),
      ...SalesFiguresSchema,
    }),
  ),
  teams: Type.Array(
    Type.Object({
      /** Null gathers the owners in no team. */
      id: Nullable(Uuid),
      name: Nullable(Type.String()),
      activeReps: Type.Integer(),
      ...SalesFiguresSchema,
    }),
  ),
  leaderboard: Type.Object({
    reps: Type.Array(StandingSchema),
    marketers: Type.Array(StandingSchema),
  }),
  awards: Type.Object({ rep: Nullable(StandingSchema), marketer: Nullable(StandingSchema) }),
});

export const InboxClockSchema = Type.Object({
  id: Uuid,
  clause: SalesClauseKeySchema,
  state: ClockStateSchema,
  startedAt: DateTime,
  /** Null while paused. */
  dueAt: Nullable(DateTime),
  warnAt: Nullable(DateTime),
  /** Business ms left as of `now` in the owner's calendar; negative = overdue. */
  remainingBusinessMs: Type.Number(),
});

export const BusinessCalendarSchema = Type.Object({
  timeZone: Type.String(),
  weeklyHours: Type.Array(
    Type.Object({
      day: Type.Integer({ minimum: 1, maximum: 7 }),
      start: Type.String(),
      end: Type.String(),
    }),
  ),
  holidays: Type.Array(Type.String()),
});

export const InboxResponse = Type.Object({
  calendar: BusinessCalendarSchema,
  now: DateTime,
  items: Type.Array(
    Type.Object({
      contact: Type.Ref('Contact'),
      /** When the lead was handed to sales (its latest move into a route stage); null if never. */
      handedAt: Nullable(DateTime),
      clocks: Type.Array(InboxClockSchema),
    }),
  ),
});

export const BreachesQuery = Type.Object(
  { teamId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const BreachesResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      clockId: Uuid,
      clause: SalesClauseKeySchema,
      contact: Type.Ref('Contact'),
      owner: Nullable(MemberRef),
      dueAt: DateTime,
      breachedAt: DateTime,
    }),
  ),
});
