import { Group, Text } from '@mantine/core';

export interface LegendItem {
  label: string;
  color: string;
  /** Drawn as a line (a reference or a curve) rather than a filled square. */
  line?: boolean;
  dashed?: boolean;
}

export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <Group gap="md" mt={4} data-testid="chart-legend">
      {items.map((item) => (
        <Group key={item.label} gap={6} wrap="nowrap">
          <svg width="16" height="10" aria-hidden="true">
            {item.line ? (
              <line
                x1="0"
                y1="5"
                x2="16"
                y2="5"
                stroke={item.color}
                strokeWidth="2"
                strokeDasharray={item.dashed ? '4 3' : undefined}
              />
            ) : (
              <rect width="16" height="10" rx="2" fill={item.color} />
            )}
          </svg>
          <Text size="xs">{item.label}</Text>
        </Group>
      ))}
    </Group>
  );
}
