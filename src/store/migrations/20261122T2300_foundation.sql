-- Foundation schema: people, companies, activity, the written stage glossary,
-- lifecycle history, audit, and access (sessions, API keys).
-- Names follow the glossary of DESIGN.md section 3.

CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  side text NOT NULL CHECK (side IN ('marketing', 'sales')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));

CREATE TABLE members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'marketing', 'sales_manager', 'sales_rep')),
  team_id uuid REFERENCES teams (id),
  time_zone text NOT NULL DEFAULT 'UTC',
  capacity integer NOT NULL DEFAULT 50 CHECK (capacity >= 0),
  active boolean NOT NULL DEFAULT true,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX members_email_key ON members (lower(email));

CREATE TABLE sessions (
  -- sha256 of the cookie value: a leaked table does not leak usable sessions.
  id text PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_member_idx ON sessions (member_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The visible start of the key, to tell keys apart; the secret is only hashed.
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL CHECK (scopes <@ ARRAY['ingest', 'read', 'write', 'admin']::text[] AND cardinality(scopes) > 0),
  created_by uuid REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  domain text NOT NULL,
  name text NOT NULL,
  industry text,
  employees integer CHECK (employees >= 0),
  annual_revenue numeric(18, 2) CHECK (annual_revenue >= 0),
  country text,
  owner_id uuid REFERENCES members (id),
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_domain_key ON accounts (lower(domain));
CREATE INDEX accounts_created_idx ON accounts (created_at DESC, id DESC);

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text,
  first_name text,
  last_name text,
  title text,
  phone text,
  account_id uuid REFERENCES accounts (id),
  owner_id uuid REFERENCES members (id),
  lifecycle_stage text NOT NULL DEFAULT 'lead',
  fit_score numeric(10, 4),
  engagement_score numeric(10, 4),
  total_score numeric(10, 4),
  band text,
  persona_id uuid,
  first_touch_source text,
  first_touch_medium text,
  first_touch_campaign text,
  last_touch_source text,
  last_touch_medium text,
  last_touch_campaign text,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contacts_email_key ON contacts (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX contacts_created_idx ON contacts (created_at DESC, id DESC);
CREATE INDEX contacts_stage_idx ON contacts (lifecycle_stage, created_at DESC, id DESC);
CREATE INDEX contacts_owner_idx ON contacts (owner_id, created_at DESC, id DESC);
CREATE INDEX contacts_account_idx ON contacts (account_id);

CREATE TABLE contact_identities (
  kind text NOT NULL CHECK (kind IN ('anonymous_id', 'user_id')),
  value text NOT NULL,
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, value)
);
CREATE INDEX contact_identities_contact_idx ON contact_identities (contact_id);

-- Append-only: rows are inserted, never updated or deleted by the application.
CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid REFERENCES contacts (id),
  anonymous_id text,
  type text NOT NULL,
  name text,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  message_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, message_id)
);
CREATE INDEX events_contact_idx ON events (contact_id, occurred_at DESC, id DESC);
CREATE INDEX events_anonymous_idx ON events (anonymous_id) WHERE contact_id IS NULL;

CREATE TABLE stage_definition_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version integer NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('proposed', 'active', 'superseded')),
  summary text,
  proposed_by uuid REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz
);
-- At most one version is in force at a time.
CREATE UNIQUE INDEX stage_definition_versions_active_key ON stage_definition_versions (status) WHERE status = 'active';

CREATE TABLE stage_definitions (
  version_id uuid NOT NULL REFERENCES stage_definition_versions (id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  name text NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('funnel', 'route', 'exit')),
  owning_team text NOT NULL CHECK (owning_team IN ('marketing', 'sales')),
  definition text NOT NULL,
  entry_criteria text NOT NULL DEFAULT '',
  exit_criteria text NOT NULL DEFAULT '',
  allowed_transitions text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (version_id, key)
);

CREATE TABLE stage_definition_signatures (
  version_id uuid NOT NULL REFERENCES stage_definition_versions (id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES members (id),
  side text NOT NULL CHECK (side IN ('marketing', 'sales')),
  signed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (version_id, member_id)
);

CREATE TABLE stage_transitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES contacts (id),
  from_stage text,
  to_stage text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('member', 'api_key', 'system')),
  actor_id uuid,
  reason text,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stage_transitions_contact_idx ON stage_transitions (contact_id, occurred_at, id);
CREATE INDEX stage_transitions_to_idx ON stage_transitions (to_stage, occurred_at);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  actor_kind text NOT NULL CHECK (actor_kind IN ('member', 'api_key', 'system')),
  actor_id uuid,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text,
  changes jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, occurred_at);
