import { Box } from '@mantine/core';
import { ChartLegend } from './ChartLegend';
import { linear, niceTicks } from './scale';

export interface BarSeries {
  key: string;
  label: string;
  color: string;
  /** One per category; null draws nothing (no data, not zero). */
  values: readonly (number | null)[];
}

export interface BarChartProps {
  /** What the chart shows, for screen readers. */
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** A horizontal line across the bars, e.g. a quota. */
  reference?: { value: number; label: string; color?: string };
  /** Fixes the top of the value axis (1 for rates); default: from the data. */
  max?: number;
  format?: (value: number) => string;
  height?: number;
  testId?: string;
}

const width = 720;
const margin = { top: 12, right: 12, bottom: 30, left: 48 };

/** Grouped vertical bars: one group per category, one bar per series. Plain SVG, scales to its box. */
export function BarChart(props: BarChartProps) {
  const { categories, series, reference, format = String, height = 260 } = props;
  const dataMax = Math.max(
    0,
    reference?.value ?? 0,
    ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
  );
  const ticks = niceTicks(props.max ?? dataMax);
  const top = props.max ?? ticks[ticks.length - 1]!;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const y = linear(top, margin.top + plotH, margin.top);
  const group = plotW / Math.max(1, categories.length);
  const barW = (group * 0.8) / Math.max(1, series.length);
  // Label every month of a year, every third of a longer span.
  const labelEvery = Math.ceil(categories.length / 12);

  return (
    <Box data-testid={props.testId}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={props.title}
        style={{ display: 'block', fontSize: 11 }}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={margin.left}
              x2={width - margin.right}
              y1={y(t)}
              y2={y(t)}
              stroke="var(--mantine-color-gray-3)"
            />
            <text
              x={margin.left - 6}
              y={y(t) + 4}
              textAnchor="end"
              fill="var(--mantine-color-dimmed)"
            >
              {format(t)}
            </text>
          </g>
        ))}
        {categories.map((category, i) => (
          <g key={category}>
            {series.map((s, k) => {
              const value = s.values[i] ?? null;
              if (value === null) return null;
              const h = Math.max(0, y(0) - y(Math.min(value, top)));
              return (
                <rect
                  key={s.key}
                  data-testid="bar"
                  data-series={s.key}
                  data-category={category}
                  data-value={value}
                  x={margin.left + i * group + group * 0.1 + k * barW}
                  y={y(0) - h}
                  width={Math.max(1, barW - 2)}
                  height={h}
                  rx={2}
                  fill={s.color}
                >
                  <title>{`${s.label}, ${category}: ${format(value)}`}</title>
                </rect>
              );
            })}
            {i % labelEvery === 0 && (
              <text
                x={margin.left + (i + 0.5) * group}
                y={height - margin.bottom + 16}
                textAnchor="middle"
                fill="var(--mantine-color-dimmed)"
              >
                {category}
              </text>
            )}
          </g>
        ))}
        <line
          x1={margin.left}
          x2={width - margin.right}
          y1={y(0)}
          y2={y(0)}
          stroke="var(--mantine-color-gray-6)"
        />
        {reference && (
          <line
            data-testid="reference-line"
            data-value={reference.value}
            x1={margin.left}
            x2={width - margin.right}
            y1={y(Math.min(reference.value, top))}
            y2={y(Math.min(reference.value, top))}
            stroke={reference.color ?? 'var(--mantine-color-red-7)'}
            strokeWidth={2}
            strokeDasharray="6 4"
          />
        )}
      </svg>
      <ChartLegend
        items={[
          ...series.map((s) => ({ label: s.label, color: s.color })),
          ...(reference
            ? [
                {
                  label: reference.label,
                  color: reference.color ?? 'var(--mantine-color-red-7)',
                  line: true,
                  dashed: true,
                },
              ]
            : []),
        ]}
      />
    </Box>
  );
}
