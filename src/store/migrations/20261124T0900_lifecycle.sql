-- The shared definitions (issue 5): a signed version now carries, beside its
-- stages, the personas, the reject and lost reason codes and the qualification
-- framework. A version is immutable once proposed, so these are documents.
ALTER TABLE stage_definition_versions
  ADD COLUMN personas jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN reason_codes jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN qualification jsonb;

-- What a move into a stage must carry: 'qualification' (the framework complete),
-- 'amount' (a won deal's value), 'reason' (a reason code).
ALTER TABLE stage_definitions
  ADD COLUMN entry_requirements text[] NOT NULL DEFAULT '{}';

ALTER TABLE stage_definition_signatures
  ADD COLUMN note text;

-- A transition records the reason code sales picked (reports group by it), the
-- won amount, and the definitions version it was checked against.
ALTER TABLE stage_transitions
  ADD COLUMN reason_code text,
  ADD COLUMN amount numeric(14, 2),
  ADD COLUMN definitions_version integer,
  -- Transitions written in one transaction share its now(): this keeps them in order.
  ADD COLUMN seq bigserial;
CREATE INDEX stage_transitions_occurred_idx ON stage_transitions (occurred_at, id);

-- Personas live in the definitions document, so a contact names its persona by key.
ALTER TABLE contacts DROP COLUMN persona_id;
ALTER TABLE contacts
  ADD COLUMN persona_key text,
  -- The framework's answers sales fills in (BANT or GPCT field key → text).
  ADD COLUMN qualification jsonb NOT NULL DEFAULT '{}'::jsonb;
