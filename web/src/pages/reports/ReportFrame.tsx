import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Loaded } from '../../api/use-api';
import { formatCount } from './format';
import { monthLabel } from './report-query';

/**
 * A report page's frame: title and explanation, the controls, then the figures
 * once loaded (dimmed while the next answer is on its way), or why they are not.
 */
export function ReportFrame<T extends { from: string; to: string; pending: number }>({
  title,
  description,
  controls,
  loaded,
  children,
}: {
  title: string;
  description: ReactNode;
  controls: ReactNode;
  loaded: Loaded<T>;
  children(data: T): ReactNode;
}) {
  const data = loaded.data;
  return (
    <Stack gap="lg">
      <div>
        <Group gap="xs">
          <Anchor component={Link} to="/reports" size="sm">
            Reports
          </Anchor>
          <Text size="sm" c="dimmed">
            /
          </Text>
        </Group>
        <Title order={2}>{title}</Title>
        <Text c="dimmed" size="sm" maw={860}>
          {description}
        </Text>
      </div>
      {controls}
      {loaded.error && (
        <Alert color="red" title="The report could not be loaded" data-testid="report-error">
          {loaded.error.message}
        </Alert>
      )}
      {loaded.loading && !data && <Loader size="sm" />}
      {data && (
        <Stack gap="lg" data-testid="report" style={{ opacity: loaded.loading ? 0.6 : 1 }}>
          <Text size="sm" c="dimmed" data-testid="report-period">
            {monthLabel(data.from)} to {monthLabel(data.to)}
            {data.pending > 0 &&
              ` · ${formatCount(data.pending)} recent changes are still being counted`}
          </Text>
          {children(data)}
        </Stack>
      )}
    </Stack>
  );
}
