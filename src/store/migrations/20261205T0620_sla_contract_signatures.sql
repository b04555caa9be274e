-- Signing the SLA contract (issue 6): a version takes effect with one
-- marketing and one sales signature from two different members, as the
-- definitions do. Proposals left behind when another version takes effect are
-- withdrawn (never in force), which is how they differ from superseded ones.
ALTER TABLE sla_contracts DROP CONSTRAINT sla_contracts_status_check;
ALTER TABLE sla_contracts ADD CONSTRAINT sla_contracts_status_check
  CHECK (status IN ('proposed', 'active', 'superseded', 'withdrawn'));
-- Null for the seeded defaults and for proposals made by the system.
ALTER TABLE sla_contracts ADD COLUMN proposed_by uuid REFERENCES members (id);

CREATE TABLE sla_contract_signatures (
  contract_id uuid NOT NULL REFERENCES sla_contracts (id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES members (id),
  side text NOT NULL CHECK (side IN ('marketing', 'sales')),
  signed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, member_id)
);

-- The marketing member credited with the lead: the marketing side of the
-- monthly scorecard and its marketer award. Leads credited to nobody still
-- count in marketing's totals.
ALTER TABLE contacts ADD COLUMN marketer_id uuid REFERENCES members (id) ON DELETE SET NULL;

-- The breaches list reads breached clocks only; they are few beside the rest.
CREATE INDEX sla_clocks_breached_idx ON sla_clocks (owner_id) WHERE state = 'breached';
