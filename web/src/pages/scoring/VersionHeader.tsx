import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import type { ModelVersion } from '../../api/scoring-types';
import { FullTime } from '../../components/Time';
import { originLabels, statusColors } from './scoring-format';

/** Which version this is, its state, and who made and switched it on when. */
export function VersionHeader({ version }: { version: ModelVersion }) {
  return (
    <Stack gap={4}>
      <Group gap="sm" align="center">
        <Title order={2} data-testid="model-title">
          {version.name}
        </Title>
        <Badge variant="outline" color="gray">
          v{version.version}
        </Badge>
        <Badge color={statusColors[version.status]} variant="light" data-testid="model-status">
          {version.status}
        </Badge>
        <Badge color="gray" variant="dot">
          {originLabels[version.origin] ?? version.origin}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        Created by {version.createdBy?.name ?? 'Tandem'}, <FullTime iso={version.createdAt} />
        {version.updatedAt !== version.createdAt && (
          <>
            {' '}
            · last saved <FullTime iso={version.updatedAt} />
          </>
        )}
      </Text>
      {version.activatedAt && (
        <Text size="sm" c="dimmed">
          Activated by {version.activatedBy?.name ?? 'Tandem'},{' '}
          <FullTime iso={version.activatedAt} />
        </Text>
      )}
      {version.retiredAt && (
        <Text size="sm" c="dimmed">
          Retired <FullTime iso={version.retiredAt} />
        </Text>
      )}
    </Stack>
  );
}
