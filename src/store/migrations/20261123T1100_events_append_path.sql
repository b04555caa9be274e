-- The ingest hot path appends events with COPY. A foreign key from
-- events.contact_id would run a lookup into contacts for every event (a third
-- of the cost of storing one on the embedded database). Events are only ever
-- written by ingest, import and the demo, which take the contact id from a row
-- they created or locked in the same transaction, and contacts are never
-- deleted except by a merge, which moves their events first
-- (store/contact-merges.ts); the store tests check no event points nowhere.
ALTER TABLE events DROP CONSTRAINT events_contact_id_fkey;

-- Exactly once per (source, messageId). The ingest path asks "which of these
-- 800 messageIds are stored?"; with messageId leading, that is one index probe
-- each however many events the source has, and no planner estimate can turn
-- it into a scan of the source's events (which it did on fresh statistics).
ALTER TABLE events DROP CONSTRAINT events_source_message_id_key;
ALTER TABLE events ADD CONSTRAINT events_message_id_source_key UNIQUE (message_id, source);

-- No query filters on these by selectivity, and gathering statistics on them
-- was most of what ANALYZE of events cost (it blocks the embedded database).
ALTER TABLE events ALTER COLUMN properties SET STATISTICS 0, ALTER COLUMN context SET STATISTICS 0;
