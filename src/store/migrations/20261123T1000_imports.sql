-- CSV imports: one row per real run (dry runs write nothing), with its counts
-- and the first 1,000 row errors, so a report can be read again later.

CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('contacts', 'accounts', 'events')),
  file_name text,
  preset text,
  status text NOT NULL CHECK (status IN ('completed', 'failed')),
  -- Which field each CSV column filled (null: ignored), as the report shows it.
  mapping jsonb NOT NULL DEFAULT '[]'::jsonb,
  rows integer NOT NULL CHECK (rows >= 0),
  created integer NOT NULL CHECK (created >= 0),
  updated integer NOT NULL CHECK (updated >= 0),
  unchanged integer NOT NULL CHECK (unchanged >= 0),
  failed integer NOT NULL CHECK (failed >= 0),
  error_count integer NOT NULL CHECK (error_count >= 0),
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  actor_kind text NOT NULL CHECK (actor_kind IN ('member', 'api_key', 'system')),
  actor_id uuid,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL
);
CREATE INDEX imports_started_idx ON imports (started_at DESC, id DESC);
