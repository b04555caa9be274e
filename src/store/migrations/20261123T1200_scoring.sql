-- Lead scoring (issue 4): versioned model documents, each contact's exact score
-- state, its history, and the rescoring runs that follow an activation.

CREATE TABLE scoring_models (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version integer NOT NULL UNIQUE,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  -- The model document (core/scoring/model.ts), validated before it is stored.
  document jsonb NOT NULL,
  note text,
  origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('default', 'manual', 'learned')),
  -- A learned model's fit report: features, holdout AUC, coefficients.
  report jsonb,
  created_by uuid REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  activated_by uuid REFERENCES members (id),
  activated_at timestamptz,
  retired_at timestamptz
);
-- One model scores at a time.
CREATE UNIQUE INDEX scoring_models_active_key ON scoring_models (status) WHERE status = 'active';

-- The exact state behind a contact's score under one model (core/scoring/state.ts).
-- contacts.fit_score / engagement_score / total_score / band hold the figures as of
-- scored_at, for lists and sorting; the API reads the state at the current time.
CREATE TABLE contact_scores (
  contact_id uuid PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
  model_id uuid NOT NULL REFERENCES scoring_models (id),
  fit numeric(12, 4) NOT NULL,
  state jsonb NOT NULL,
  qualifies text[] NOT NULL DEFAULT '{}',
  -- When decay alone next changes the band or a qualification (core/scoring/schedule.ts).
  next_change_at timestamptz,
  scored_at timestamptz NOT NULL
);
CREATE INDEX contact_scores_next_change_idx ON contact_scores (next_change_at)
  WHERE next_change_at IS NOT NULL;

CREATE TABLE score_history (
  id bigserial PRIMARY KEY,
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  model_id uuid NOT NULL REFERENCES scoring_models (id),
  fit numeric(12, 4) NOT NULL,
  engagement numeric(12, 4) NOT NULL,
  total numeric(12, 4) NOT NULL,
  band text NOT NULL CHECK (band IN ('cold', 'warm', 'hot')),
  qualifies text[] NOT NULL DEFAULT '{}',
  cause text NOT NULL CHECK (cause IN ('activity', 'profile', 'decay', 'rescore')),
  occurred_at timestamptz NOT NULL
);
CREATE INDEX score_history_contact_idx ON score_history (contact_id, occurred_at DESC, id DESC);

CREATE TABLE rescores (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  model_id uuid NOT NULL REFERENCES scoring_models (id),
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  total integer NOT NULL,
  done integer NOT NULL DEFAULT 0,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX rescores_started_idx ON rescores (started_at DESC);
