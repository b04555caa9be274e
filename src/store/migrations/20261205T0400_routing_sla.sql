-- Routing and SLA clocks (issue 6): who gets a qualified lead, the clocks that
-- hold sales to the contract from the moment the rep has it, and the outbox
-- the notifications wait in until delivery channels exist.

-- A member's business calendar (core/business-time/calendar.ts). Null means
-- the default, Monday to Friday 09:00–17:00 in the member's time_zone, so a
-- change of time zone moves a member who never set hours along with it.
ALTER TABLE members ADD COLUMN business_calendar jsonb;

-- Leave, holidays of one's own: routing skips a member while now is in
-- [starts_at, ends_at).
CREATE TABLE member_away_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_away_periods_member_idx ON member_away_periods (member_id, ends_at);

-- The team's rotation memory (core/routing/choose-owner.ts TeamRoutingState).
-- Read and written under the team row's lock, so two routings take turns.
ALTER TABLE teams ADD COLUMN routing_state jsonb;

-- The routing rules (core/routing/routing-rules.ts), versioned so an audit
-- entry's rule key can be traced to the document that held it. No active
-- version means no automatic assignment: leads wait for someone to claim them.
CREATE TABLE routing_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version integer NOT NULL UNIQUE,
  document jsonb NOT NULL,
  created_by uuid REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  active boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX routing_versions_active_key ON routing_versions (active) WHERE active;

-- The SLA contract (core/sla/contract.ts), one document per version. Signing by
-- a marketing and a sales member comes with the contract's API; until then the
-- workspace seeds version 1 (the defaults) as active.
CREATE TABLE sla_contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version integer NOT NULL UNIQUE,
  document jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('proposed', 'active', 'superseded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz
);
CREATE UNIQUE INDEX sla_contracts_active_key ON sla_contracts (status) WHERE status = 'active';

-- One clock per lead handoff and sales clause (core/sla/clocks.ts SlaClock in
-- `clock`). The handoff is the seq of the transition into the route stage, so a
-- recycled lead that qualifies again gets fresh clocks beside its old ones.
-- `state` and `next_due_at` repeat what `clock` says, for the indexes.
-- Clocks go with a contact merged away (its transitions move, its clocks do not).
CREATE TABLE sla_clocks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  handoff_seq bigint NOT NULL,
  clause text NOT NULL,
  owner_id uuid REFERENCES members (id),
  contract_version integer NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'warned', 'met', 'breached', 'paused', 'cancelled')),
  clock jsonb NOT NULL,
  next_due_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contact_id, handoff_seq, clause)
);
-- The sweep's only way in: settled and paused clocks are not in it.
CREATE INDEX sla_clocks_due_idx ON sla_clocks (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX sla_clocks_owner_idx ON sla_clocks (owner_id, state);

-- The transactional outbox: written in the transaction that caused the
-- notification; delivery (in-app, email, webhooks) marks delivered_at later.
-- dedupe_key is unique, so a notification is written once however often the
-- cause is seen (two sweeps, a retried transaction). No foreign key on the
-- contact: the record outlives a contact merged away.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL,
  contact_id uuid,
  member_id uuid REFERENCES members (id) ON DELETE CASCADE,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  dedupe_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX notifications_pending_idx ON notifications (created_at) WHERE delivered_at IS NULL;
CREATE INDEX notifications_member_idx ON notifications (member_id, created_at DESC);
