import { Badge, Tooltip } from '@mantine/core';
import { useStages } from './stages';

// Keyed by the default stage keys; stages added later fall back to gray.
const colours: Record<string, string> = {
  subscriber: 'gray',
  lead: 'blue',
  mql: 'violet',
  pql: 'violet',
  cql: 'violet',
  sal: 'cyan',
  sql: 'teal',
  opportunity: 'green',
  customer: 'lime',
  recycled: 'yellow',
  disqualified: 'red',
};

export function StageBadge({ stage }: { stage: string }) {
  const { nameOf, shortNameOf } = useStages();
  return (
    <Tooltip label={nameOf(stage)} openDelay={300}>
      <Badge color={colours[stage] ?? 'gray'} variant="light" data-testid="stage-badge">
        {shortNameOf(stage)}
      </Badge>
    </Tooltip>
  );
}
