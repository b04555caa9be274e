import { Badge } from '@mantine/core';

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
  return (
    <Badge color={colours[stage] ?? 'gray'} variant="light" data-testid="stage-badge">
      {stage.toUpperCase()}
    </Badge>
  );
}
