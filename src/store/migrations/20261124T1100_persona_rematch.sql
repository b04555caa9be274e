-- A definitions version whose personas match contacts differently re-matches
-- every contact in the background, a page of contacts by id per transaction.
-- The page and this row are written together, so a run cut short by a restart
-- goes on after the last contact it handled.
CREATE TABLE persona_rematches (
  version_id uuid PRIMARY KEY REFERENCES stage_definition_versions (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'stopped')),
  total integer NOT NULL,
  done integer NOT NULL DEFAULT 0,
  after_id uuid,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX persona_rematches_running_idx ON persona_rematches (started_at) WHERE status = 'running';

-- Counting contacts per persona (GET /api/v1/personas) reads only matched contacts.
CREATE INDEX contacts_persona_idx ON contacts (persona_key) WHERE persona_key IS NOT NULL;
