import { Button, Group, MultiSelect, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { EndpointKind, WebhookEndpoint } from '../../api/notification-types';
import { ProblemAlert } from '../sla/ContractVersions';

export const eventTypes = [
  { value: 'lead.assigned', label: 'Lead assigned' },
  { value: 'sla.warning', label: 'SLA warning' },
  { value: 'sla.breached', label: 'SLA breached' },
  { value: 'lead.rejected', label: 'Lead rejected' },
  { value: 'stage.changed', label: 'Stage changed' },
];

export interface EndpointFields {
  kind: EndpointKind;
  url: string;
  description: string;
  eventTypes: string[];
}

/** Adding an endpoint (kind chosen) or editing one (kind fixed). */
export function EndpointForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: WebhookEndpoint;
  submitLabel: string;
  onSubmit(fields: EndpointFields): Promise<void>;
  onCancel?(): void;
}) {
  const [kind, setKind] = useState<EndpointKind>(initial?.kind ?? 'webhook');
  const [url, setUrl] = useState(initial?.url ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [types, setTypes] = useState<string[]>(initial?.eventTypes ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ kind, url: url.trim(), description: description.trim(), eventTypes: types });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="endpoint-form">
      {!initial && (
        <SegmentedControl
          data={[
            { value: 'webhook', label: 'Webhook (signed JSON)' },
            { value: 'slack', label: 'Slack incoming webhook' },
          ]}
          value={kind}
          onChange={(v) => setKind(v as EndpointKind)}
          data-testid="endpoint-kind"
        />
      )}
      <TextInput
        label="URL"
        placeholder={
          kind === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://example.com/tandem'
        }
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
        required
        data-testid="endpoint-url"
      />
      <TextInput
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        maxLength={500}
        data-testid="endpoint-description"
      />
      <MultiSelect
        label="Events"
        description="Leave empty for every event"
        data={eventTypes}
        value={types}
        onChange={setTypes}
        clearable
        data-testid="endpoint-events"
      />
      <Group>
        <Button onClick={() => void submit()} loading={busy} data-testid="endpoint-submit">
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Group>
      {error && <ProblemAlert error={error} testId="endpoint-error" />}
    </Stack>
  );
}
