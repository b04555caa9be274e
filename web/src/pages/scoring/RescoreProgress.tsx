import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { Rescore } from '../../api/scoring-types';
import { formatCount } from '../import/import-labels';
import { useRescore } from './use-rescore';

interface Props {
  rescoreId: string;
  initial?: Rescore | null;
  /** Called once when the run has finished, whether it completed or failed. */
  onFinished?(rescore: Rescore): void;
}

/** Rescoring every contact after an activation: how far it has got, polled until done. */
export function RescoreProgress({ rescoreId, initial = null, onFinished }: Props) {
  const { rescore, error } = useRescore(rescoreId, initial);
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (!rescore || rescore.status === 'running' || reported.current === rescore.id) return;
    reported.current = rescore.id;
    onFinished?.(rescore);
  }, [rescore, onFinished]);

  if (error) {
    return (
      <Alert color="red" title="Could not follow the rescore" data-testid="rescore-error">
        {error.message}
      </Alert>
    );
  }
  if (!rescore) return <Progress value={100} striped animated aria-label="Rescoring" />;

  const percent = rescore.total === 0 ? 100 : Math.floor((rescore.done / rescore.total) * 100);
  const label =
    rescore.status === 'completed'
      ? `Rescored ${formatCount(rescore.total)} contacts`
      : rescore.status === 'failed'
        ? `Rescoring stopped after ${formatCount(rescore.done)} of ${formatCount(rescore.total)} contacts`
        : `Rescoring contacts: ${formatCount(rescore.done)} of ${formatCount(rescore.total)}`;

  return (
    <Stack gap={6} data-testid="rescore-progress" data-status={rescore.status}>
      <Group justify="space-between">
        <Text size="sm" data-testid="rescore-label">
          {label}
        </Text>
        <Text size="sm" c="dimmed">
          {percent}%
        </Text>
      </Group>
      <Progress
        value={percent}
        color={
          rescore.status === 'failed' ? 'red' : rescore.status === 'completed' ? 'green' : undefined
        }
        striped={rescore.status === 'running'}
        animated={rescore.status === 'running'}
        aria-label={label}
      />
      {rescore.error && (
        <Text size="sm" c="red">
          {rescore.error}
        </Text>
      )}
    </Stack>
  );
}
