-- The shared plan (issue 7): one revenue target per UTC calendar month that
-- both teams see; the reverse funnel is computed on read from the rollups.
CREATE TABLE plans (
  month date PRIMARY KEY CHECK (extract(day FROM month) = 1),
  revenue_target numeric NOT NULL CHECK (revenue_target >= 0),
  set_by uuid REFERENCES members (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
