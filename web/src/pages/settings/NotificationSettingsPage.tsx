import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Loader,
  Modal,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { WebhookEndpoint } from '../../api/notification-types';
import { useSession } from '../../auth/session';
import { formatAbsolute } from '../../components/Time';
import { useRefreshableApi } from '../contact/use-refreshable';
import { ProblemAlert } from '../sla/ContractVersions';
import { DeliveryLog } from './DeliveryLog';
import { type EndpointFields, EndpointForm, eventTypes } from './EndpointForm';

const logPollMs = 2000;

function useTicking(active: boolean, ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return n;
}

function EndpointCard({ endpoint, onChanged }: { endpoint: WebhookEndpoint; onChanged(): void }) {
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [tested, setTested] = useState(false);
  // While the log is open it follows deliveries as they are attempted.
  const revision = useTicking(showLog, logPollMs);

  const act = async (name: string, run: () => Promise<unknown>) => {
    setBusy(name);
    setError(null);
    try {
      await run();
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    } finally {
      setBusy(null);
    }
  };
  const path = `/api/v1/webhook-endpoints/${endpoint.id}`;
  const labels = endpoint.eventTypes.map((t) => eventTypes.find((e) => e.value === t)?.label ?? t);

  return (
    <Card
      withBorder
      data-testid="endpoint"
      data-endpoint={endpoint.id}
      data-enabled={endpoint.enabled}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Group gap="xs">
              <Badge variant="light" tt="none">
                {endpoint.kind === 'slack' ? 'Slack' : 'Webhook'}
              </Badge>
              <Text fw={500} data-testid="endpoint-url-text" style={{ wordBreak: 'break-all' }}>
                {endpoint.url}
              </Text>
            </Group>
            {endpoint.description && (
              <Text size="sm" c="dimmed">
                {endpoint.description}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {labels.length ? labels.join(', ') : 'Every event'} · added{' '}
              {formatAbsolute(endpoint.createdAt)}
            </Text>
          </div>
          <Switch
            label={endpoint.enabled ? 'Enabled' : 'Disabled'}
            checked={endpoint.enabled}
            disabled={busy !== null}
            onChange={(e) => {
              const enabled = e.currentTarget.checked;
              void act('toggle', () => api(path, { method: 'PATCH', body: { enabled } })).then(
                (ok) => ok && onChanged(),
              );
            }}
            data-testid="endpoint-enabled"
          />
        </Group>
        {endpoint.disabledReason && (
          <Alert color="orange" py={6}>
            Disabled: {endpoint.disabledReason}
          </Alert>
        )}
        {editing ? (
          <EndpointForm
            initial={endpoint}
            submitLabel="Save"
            onCancel={() => setEditing(false)}
            onSubmit={async (f: EndpointFields) => {
              await api(path, {
                method: 'PATCH',
                body: { url: f.url, description: f.description, eventTypes: f.eventTypes },
              });
              setEditing(false);
              onChanged();
            }}
          />
        ) : (
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              loading={busy === 'test'}
              disabled={!endpoint.enabled}
              onClick={() =>
                void act('test', () => api(`${path}/test`, { method: 'POST' })).then((ok) => {
                  if (!ok) return;
                  setTested(true);
                  setShowLog(true);
                })
              }
              data-testid="endpoint-test"
            >
              Send test
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => setEditing(true)}
              data-testid="endpoint-edit"
            >
              Edit
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => setShowLog((s) => !s)}
              data-testid="endpoint-log-toggle"
            >
              {showLog ? 'Hide deliveries' : 'Deliveries'}
            </Button>
            <Button
              size="xs"
              color="red"
              variant="subtle"
              onClick={() => setConfirmDelete(true)}
              data-testid="endpoint-delete"
            >
              Delete
            </Button>
            {tested && (
              <Text size="xs" c="dimmed" data-testid="endpoint-test-queued">
                Test queued; it shows in the deliveries below.
              </Text>
            )}
          </Group>
        )}
        {error && <ProblemAlert error={error} testId="endpoint-action-error" />}
        {showLog && <DeliveryLog endpointId={endpoint.id} revision={revision} />}
      </Stack>
      <Modal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this endpoint?"
      >
        <Text size="sm" mb="md">
          Nothing more is sent to {endpoint.url}, and its delivery log goes with it.
        </Text>
        <Group justify="end">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>
            Keep it
          </Button>
          <Button
            color="red"
            loading={busy === 'delete'}
            onClick={() =>
              void act('delete', () => api(path, { method: 'DELETE' })).then((ok) => {
                setConfirmDelete(false);
                if (ok) onChanged();
              })
            }
            data-testid="endpoint-delete-confirm"
          >
            Delete
          </Button>
        </Group>
      </Modal>
    </Card>
  );
}

/**
 * Where Tandem sends its events besides the bell: signed webhooks and Slack.
 * Admins and sales managers; a signing secret is shown once, when created.
 */
export function NotificationSettingsPage() {
  const { member } = useSession();
  const [revision, setRevision] = useState(0);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useRefreshableApi<{ items: WebhookEndpoint[] }>(
    '/api/v1/webhook-endpoints',
    revision,
  );
  const reload = () => setRevision((n) => n + 1);
  const allowed = member?.role === 'admin' || member?.role === 'sales_manager';

  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={2}>Notifications</Title>
        <Text c="dimmed" size="sm">
          Every member sees their own notifications under the bell. Here, events go out to other
          systems: a webhook receives signed JSON (Standard Webhooks), a Slack incoming webhook a
          message. Each event reaches an endpoint once.
        </Text>
      </div>
      {!allowed && (
        <Alert color="gray">Admins and sales managers set up where notifications go.</Alert>
      )}
      {secret && (
        <Alert
          color="green"
          title="Signing secret: copy it now"
          data-testid="endpoint-secret"
          withCloseButton
          onClose={() => setSecret(null)}
        >
          <Text size="sm" mb={6}>
            Verify each request's webhook-signature with this secret. Tandem will not show it again.
          </Text>
          <Group gap="xs">
            <Code data-testid="endpoint-secret-value">{secret}</Code>
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {list.error && <ProblemAlert error={list.error} testId="endpoints-error" />}
      {list.loading && !list.data && <Loader />}
      {list.data?.items.length === 0 && (
        <Text c="dimmed" data-testid="endpoints-empty">
          No endpoints yet.
        </Text>
      )}
      {list.data?.items.map((e) => (
        <EndpointCard key={e.id} endpoint={e} onChanged={reload} />
      ))}
      {allowed &&
        (adding ? (
          <Card withBorder>
            <Title order={4} mb="sm">
              New endpoint
            </Title>
            <EndpointForm
              submitLabel="Add endpoint"
              onCancel={() => setAdding(false)}
              onSubmit={async (f) => {
                const created = await api<WebhookEndpoint & { secret: string | null }>(
                  '/api/v1/webhook-endpoints',
                  {
                    method: 'POST',
                    body: {
                      kind: f.kind,
                      url: f.url,
                      ...(f.description ? { description: f.description } : {}),
                      ...(f.eventTypes.length ? { eventTypes: f.eventTypes } : {}),
                    },
                  },
                );
                setSecret(created.secret);
                setAdding(false);
                reload();
              }}
            />
          </Card>
        ) : (
          <Group>
            <Button onClick={() => setAdding(true)} data-testid="endpoint-add">
              Add endpoint
            </Button>
          </Group>
        ))}
    </Stack>
  );
}
