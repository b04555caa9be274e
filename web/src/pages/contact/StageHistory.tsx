import { Alert, Badge, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { Fragment } from 'react';
import { formatAmount, type ReasonCode } from '../../api/lifecycle';
import type { StageTransition } from '../../api/types';
import { formatAbsolute } from '../../components/Time';
import { useStages } from '../../stages/stages';
import { useRefreshableApi } from './use-refreshable';

export function transitionActor(t: StageTransition): string {
  if (t.actor.name) return t.actor.name;
  return t.actor.kind === 'api_key' ? 'an API key' : t.actor.kind;
}

/** Who moved it, when, why and for how much: one line under each step. */
export function transitionSummary(t: StageTransition, reasonCodes: readonly ReasonCode[]): string {
  const code = t.reasonCode
    ? (reasonCodes.find((r) => r.key === t.reasonCode)?.label ?? t.reasonCode)
    : null;
  return [
    `By ${transitionActor(t)}`,
    code,
    t.reason,
    t.amount !== null ? `amount ${formatAmount(t.amount)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The stages the lead has been through, oldest first, as a path. */
export function StageHistory({
  contactId,
  revision,
  reasonCodes,
}: {
  contactId: string;
  revision: number;
  reasonCodes: readonly ReasonCode[];
}) {
  const { shortNameOf } = useStages();
  const history = useRefreshableApi<{ items: StageTransition[] }>(
    `/api/v1/contacts/${encodeURIComponent(contactId)}/transitions`,
    revision,
  );
  if (history.error) return <Alert color="red">{history.error.message}</Alert>;
  if (!history.data) return <Loader size="xs" />;
  const steps = [...history.data.items].sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt),
  );
  if (steps.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No stage changes recorded.
      </Text>
    );
  // Imported or older contacts may not have a recorded first entry: show where the story starts.
  const start = steps[0]!.fromStage;
  return (
    <Group gap={4} data-testid="stage-history">
      {start && (
        <Badge variant="light" color="gray" data-testid="stage-history-step" data-stage={start}>
          {shortNameOf(start)}
        </Badge>
      )}
      {steps.map((t, i) => (
        <Fragment key={t.id}>
          {(i > 0 || start) && (
            <Text size="xs" c="dimmed" aria-hidden>
              →
            </Text>
          )}
          <Tooltip
            multiline
            w={280}
            label={
              <Stack gap={0}>
                <Text size="xs">{formatAbsolute(t.occurredAt)}</Text>
                <Text size="xs">{transitionSummary(t, reasonCodes)}</Text>
              </Stack>
            }
          >
            <Badge
              variant={i === steps.length - 1 ? 'filled' : 'light'}
              color="gray"
              data-testid="stage-history-step"
              data-stage={t.toStage}
            >
              {shortNameOf(t.toStage)}
            </Badge>
          </Tooltip>
        </Fragment>
      ))}
    </Group>
  );
}
