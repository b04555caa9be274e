-- Tracking (Segment-compatible) ingest: accounts known by a group id as well
-- as a domain, touch times so first/last touch follow event time rather than
-- arrival order, and a record of contact merges made by identity resolution.

ALTER TABLE accounts ADD COLUMN group_id text;
ALTER TABLE accounts ALTER COLUMN domain DROP NOT NULL;
CREATE UNIQUE INDEX accounts_group_id_key ON accounts (group_id) WHERE group_id IS NOT NULL;

ALTER TABLE contacts ADD COLUMN first_touch_at timestamptz;
ALTER TABLE contacts ADD COLUMN last_touch_at timestamptz;

CREATE TABLE contact_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survivor_id uuid NOT NULL,
  merged_id uuid NOT NULL,
  reason text NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_merges_survivor_idx ON contact_merges (survivor_id);
CREATE INDEX contact_merges_merged_idx ON contact_merges (merged_id);

-- The campaign an event came with, so first/last touch can be rebuilt when
-- earlier anonymous activity is attached to a contact, and for attribution.
ALTER TABLE events ADD COLUMN touch_source text;
ALTER TABLE events ADD COLUMN touch_medium text;
ALTER TABLE events ADD COLUMN touch_campaign text;
