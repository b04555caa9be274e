-- A contact's figures live beside its score state: scoring then writes one row
-- in one table, instead of that row and the contact's (wide, many-indexed) row.
ALTER TABLE contact_scores
  ADD COLUMN engagement numeric(12, 4) NOT NULL DEFAULT 0,
  ADD COLUMN total numeric(12, 4) NOT NULL DEFAULT 0,
  ADD COLUMN band text NOT NULL DEFAULT 'cold' CHECK (band IN ('cold', 'warm', 'hot'));

UPDATE contact_scores s SET engagement = coalesce(c.engagement_score, 0),
       total = coalesce(c.total_score, 0), band = coalesce(c.band, 'cold')
FROM contacts c WHERE c.id = s.contact_id;

ALTER TABLE contacts
  DROP COLUMN fit_score,
  DROP COLUMN engagement_score,
  DROP COLUMN total_score,
  DROP COLUMN band;

-- Foreign keys checked row by row were half the cost of storing a rescore page
-- (bench:scoring). Merging a contact deletes its score rows itself
-- (store/contact-merges.ts); contacts are not otherwise deleted.
ALTER TABLE contact_scores DROP CONSTRAINT contact_scores_contact_id_fkey;
ALTER TABLE contact_scores DROP CONSTRAINT contact_scores_model_id_fkey;
ALTER TABLE score_history DROP CONSTRAINT score_history_contact_id_fkey;
ALTER TABLE score_history DROP CONSTRAINT score_history_model_id_fkey;
