-- Notification delivery (issue 6): the outbox (`notifications`) is fanned out
-- into one delivery per channel that must carry it, and each delivery is tried
-- on a backoff schedule with every attempt logged.

-- A member's row is their in-app notification; reading it is all it needs.
ALTER TABLE notifications ADD COLUMN read_at timestamptz;
-- The unread badge counts these without touching read rows.
CREATE INDEX notifications_unread_idx ON notifications (member_id) WHERE read_at IS NULL;

-- Where workspace-wide events (member_id NULL rows) go. The secret is the
-- Standard Webhooks signing key (whsec_…), kept as is because signing needs
-- it; Slack-compatible endpoints have none. event_types empty = every type.
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('webhook', 'slack')),
  url text NOT NULL CHECK (url ~* '^https?://'),
  description text NOT NULL DEFAULT '',
  event_types text[] NOT NULL DEFAULT '{}',
  secret text,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  created_by uuid REFERENCES members (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'webhook') = (secret IS NOT NULL))
);

-- One row per notification and channel (email to a member, or one endpoint).
-- The request is rendered once at fan-out, so every retry sends the same body.
-- next_attempt_at is set while the delivery is pending: the due time, or while
-- a sweep is sending it, the end of that sweep's lease (lease_token names the
-- sweep), so a sweep that died mid-send is taken over when its lease runs out.
CREATE TABLE notification_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook', 'slack')),
  endpoint_id uuid REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  recipient text,
  request jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_token uuid,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  CHECK ((channel = 'email') = (endpoint_id IS NULL)),
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
-- Nothing is delivered twice to one place, whichever process fans out.
CREATE UNIQUE INDEX notification_deliveries_endpoint_key
  ON notification_deliveries (notification_id, endpoint_id) WHERE endpoint_id IS NOT NULL;
CREATE UNIQUE INDEX notification_deliveries_channel_key
  ON notification_deliveries (notification_id, channel) WHERE endpoint_id IS NULL;
-- The delivery sweep's only way in: settled deliveries are not in it.
CREATE INDEX notification_deliveries_due_idx
  ON notification_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX notification_deliveries_endpoint_idx
  ON notification_deliveries (endpoint_id, created_at DESC, id DESC);

-- Every attempt, failed or not: what was answered and how long it took.
CREATE TABLE notification_delivery_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  attempted_at timestamptz NOT NULL,
  status_code integer,
  error text,
  duration_ms integer NOT NULL,
  UNIQUE (delivery_id, attempt)
);
