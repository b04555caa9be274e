-- Who fills each contact field (issue 4, learned scoring): a learned model must
-- not learn from what sales writes after talking to a lead (leakage), so fields
-- marked 'sales' are left out of fitting unless asked for. Keys are field paths
-- as scoring models name them: properties.<key>, title, account.industry, …
-- CSV imports record the mapping's "filledBy" here.

CREATE TABLE contact_fields (
  key text PRIMARY KEY,
  filled_by text NOT NULL CHECK (filled_by IN ('marketing', 'sales', 'system')),
  label text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
