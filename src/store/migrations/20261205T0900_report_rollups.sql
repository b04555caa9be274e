-- Reports on incrementally kept rollups (issue 7). A change to a contact marks
-- it dirty in the same transaction (triggers below); the fold
-- (services/reports/fold-report-rollups.ts) recomputes what each dirty contact
-- contributes, subtracts its old contribution and adds the new one. Reports
-- read only the rollup tables. '' stands for none in every key column.

-- Contacts whose contribution to the rollups must be recomputed. Written in the
-- same transaction as the change (triggers), folded by the clock job / on read.
CREATE TABLE report_dirty (contact_id uuid PRIMARY KEY, marked_at timestamptz NOT NULL DEFAULT now());
-- What each contact currently contributes (the fact the rollups hold), so a fold
-- can subtract the old contribution and add the new one.
CREATE TABLE report_contact_facts (contact_id uuid PRIMARY KEY, fact jsonb NOT NULL, folded_at timestamptz NOT NULL DEFAULT now());
-- The definitions version the facts were derived under: when another version
-- takes effect, the fold marks every contact dirty once (facts depend on the
-- stages' kinds and positions and on the reason codes' kinds).
CREATE TABLE report_rollup_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  definitions_version integer);
INSERT INTO report_rollup_state (definitions_version)
  SELECT (SELECT version FROM stage_definition_versions WHERE status = 'active');

-- Funnel: contacts of a cohort (month the contact was created) that reached a stage.
CREATE TABLE report_funnel (
  cohort_month date NOT NULL, source text NOT NULL, campaign text NOT NULL,
  persona text NOT NULL, team text NOT NULL, stage text NOT NULL,
  contacts bigint NOT NULL,
  PRIMARY KEY (cohort_month, stage, source, campaign, persona, team));
-- Velocity: completed stays in a stage, as a histogram of their length, once per
-- split (none, source, campaign, persona, team) with the contact's value for it.
-- One histogram per split instead of one over every key's cross product: at a
-- million contacts the cross product held 1.2M rows and a split's read summed
-- half of them (bench:reports, p95 up to 1 s); a split now reads its own rows.
CREATE TABLE report_stage_durations (
  cohort_month date NOT NULL,
  split text NOT NULL CHECK (split IN ('none', 'source', 'campaign', 'persona', 'team')),
  value text NOT NULL, stage text NOT NULL,
  bucket smallint NOT NULL, stays bigint NOT NULL, seconds double precision NOT NULL,
  PRIMARY KEY (split, cohort_month, stage, bucket, value));
-- Lead quality: leads handed to sales (first entry into a route stage) by handed month and touch.
CREATE TABLE report_lead_quality (
  handed_month date NOT NULL, touch text NOT NULL CHECK (touch IN ('first','last')),
  source text NOT NULL, campaign text NOT NULL,
  handed bigint NOT NULL, accepted bigint NOT NULL, rejected bigint NOT NULL,
  sql bigint NOT NULL, won bigint NOT NULL, lost bigint NOT NULL, revenue numeric NOT NULL,
  PRIMARY KEY (handed_month, touch, source, campaign));
CREATE TABLE report_reasons (
  handed_month date NOT NULL, touch text NOT NULL, source text NOT NULL, campaign text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reject','lost')), reason_code text NOT NULL, leads bigint NOT NULL,
  PRIMARY KEY (handed_month, touch, source, campaign, kind, reason_code));
-- Scoring performance: handed leads by band and 10-point score bucket at handoff.
CREATE TABLE report_score_bands (
  handed_month date NOT NULL, band text NOT NULL, score_bucket smallint NOT NULL,
  handed bigint NOT NULL, accepted bigint NOT NULL, sql bigint NOT NULL, won bigint NOT NULL,
  score_sum double precision NOT NULL,
  PRIMARY KEY (handed_month, band, score_bucket));
-- Revenue attribution: won deals by the month won, first- and last-touch.
CREATE TABLE report_revenue (
  won_month date NOT NULL, touch text NOT NULL, source text NOT NULL, campaign text NOT NULL,
  deals bigint NOT NULL, revenue numeric NOT NULL,
  PRIMARY KEY (won_month, touch, source, campaign));
-- Stage entries by the month they happened, per owner / team / credited marketer:
-- the plan's actuals and the role dashboards.
CREATE TABLE report_stage_entries (
  month date NOT NULL, stage text NOT NULL, team text NOT NULL, owner text NOT NULL,
  marketer text NOT NULL, contacts bigint NOT NULL, revenue numeric NOT NULL,
  PRIMARY KEY (month, stage, team, owner, marketer));

-- Marking takes the dirty row's lock (DO UPDATE, not DO NOTHING) until the
-- change commits: a fold claims with SKIP LOCKED, so it can never claim the
-- row, read the contact as it was before the change, and drop the mark the
-- change relies on. Rows go in id order so two writers lock them in one order.
CREATE FUNCTION report_mark_inserted_transitions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (contact_id)
    SELECT DISTINCT contact_id FROM report_added ORDER BY contact_id
    ON CONFLICT (contact_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;
CREATE TRIGGER report_dirty_transitions_inserted AFTER INSERT ON stage_transitions
  REFERENCING NEW TABLE AS report_added
  FOR EACH STATEMENT EXECUTE FUNCTION report_mark_inserted_transitions();

-- A merge moves the merged contact's transitions to the survivor.
CREATE FUNCTION report_mark_moved_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (contact_id)
    SELECT id FROM unnest(ARRAY[OLD.contact_id, NEW.contact_id]) AS id ORDER BY id
    ON CONFLICT (contact_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;
CREATE TRIGGER report_dirty_transition_moved AFTER UPDATE OF contact_id ON stage_transitions
  FOR EACH ROW WHEN (OLD.contact_id IS DISTINCT FROM NEW.contact_id)
  EXECUTE FUNCTION report_mark_moved_transition();

CREATE FUNCTION report_mark_inserted_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (contact_id)
    SELECT id FROM report_added ORDER BY id
    ON CONFLICT (contact_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;
CREATE TRIGGER report_dirty_contacts_inserted AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS report_added
  FOR EACH STATEMENT EXECUTE FUNCTION report_mark_inserted_contacts();

CREATE FUNCTION report_mark_deleted_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (contact_id)
    SELECT id FROM report_removed ORDER BY id
    ON CONFLICT (contact_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;
CREATE TRIGGER report_dirty_contacts_deleted AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS report_removed
  FOR EACH STATEMENT EXECUTE FUNCTION report_mark_deleted_contacts();

-- Row-level with a WHEN clause (transition tables cannot go with a column
-- list): scoring updates contacts' figures all the time, and the WHEN is
-- checked without calling the function, so those updates cost nothing here.
CREATE FUNCTION report_mark_updated_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (contact_id) VALUES (NEW.id)
    ON CONFLICT (contact_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;
CREATE TRIGGER report_dirty_contact_updated
  AFTER UPDATE OF owner_id, lifecycle_stage, persona_key, marketer_id, first_touch_source,
    first_touch_campaign, last_touch_source, last_touch_campaign, created_at ON contacts
  FOR EACH ROW WHEN (
    OLD.owner_id IS DISTINCT FROM NEW.owner_id
    OR OLD.lifecycle_stage IS DISTINCT FROM NEW.lifecycle_stage
    OR OLD.persona_key IS DISTINCT FROM NEW.persona_key
    OR OLD.marketer_id IS DISTINCT FROM NEW.marketer_id
    OR OLD.first_touch_source IS DISTINCT FROM NEW.first_touch_source
    OR OLD.first_touch_campaign IS DISTINCT FROM NEW.first_touch_campaign
    OR OLD.last_touch_source IS DISTINCT FROM NEW.last_touch_source
    OR OLD.last_touch_campaign IS DISTINCT FROM NEW.last_touch_campaign
    OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION report_mark_updated_contact();

-- A member moving to another team moves their contacts' team key.
CREATE FUNCTION report_mark_member_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (contact_id)
    SELECT id FROM contacts WHERE owner_id = NEW.id ORDER BY id
    ON CONFLICT (contact_id) DO UPDATE SET marked_at = excluded.marked_at;
  RETURN NULL;
END $$;
CREATE TRIGGER report_dirty_member_team AFTER UPDATE OF team_id ON members
  FOR EACH ROW WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id)
  EXECUTE FUNCTION report_mark_member_contacts();

-- Backfill: every contact already stored is folded once.
INSERT INTO report_dirty (contact_id) SELECT id FROM contacts;
