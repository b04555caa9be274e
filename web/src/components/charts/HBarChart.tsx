import { Box } from '@mantine/core';
import { ChartLegend } from './ChartLegend';
import { linear } from './scale';

export interface HBarSeries {
  key: string;
  label: string;
  color: string;
  /** One per category; null draws nothing (no data, not zero). */
  values: readonly (number | null)[];
  /** What to write beside each bar instead of the formatted value (e.g. "40 · 25%"). */
  labels?: readonly (string | null)[];
}

export interface HBarChartProps {
  /** What the chart shows, for screen readers. */
  title: string;
  /** Names the chart among others on a page (data-chart). */
  name: string;
  categories: readonly string[];
  series: readonly HBarSeries[];
  /**
   * 'shared': one axis for every row. 'row': each row scaled to its own largest
   * value, for rows of different units side by side (revenue beside leads).
   */
  scale?: 'shared' | 'row';
  /** Fixes the end of the value axis (1 for rates); default: from the data. */
  max?: number;
  /** A tick per row across its bars, e.g. the SLA quota on the MQL row. */
  markers?: { values: readonly (number | null)[]; label: string; color?: string };
  format?: (value: number) => string;
}

const width = 720;
const labelW = 200;
const valueW = 90;
const barH = 14;
const rowGap = 10;
const top = 6;

const clip = (text: string, n = 30) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/**
 * Horizontal bars, one row per category and one bar per series, each labelled
 * with its value: long category names (sources, campaigns, stages) stay
 * readable. Plain SVG, scales to its box. Every bar is a data-testid
 * "chart-point" carrying its value, so what is drawn can be checked.
 */
export function HBarChart(props: HBarChartProps) {
  const { categories, series, markers, format = String, scale = 'shared' } = props;
  const rowH = Math.max(1, series.length) * barH + rowGap;
  const height = top * 2 + categories.length * rowH;
  const plotW = width - labelW - valueW;
  const numbers = (i: number | null) =>
    series
      .flatMap((s) => (i === null ? s.values : [s.values[i] ?? null]))
      .concat(markers ? (i === null ? markers.values : [markers.values[i] ?? null]) : [])
      .filter((v): v is number => v !== null);
  const sharedMax = props.max ?? Math.max(0, ...numbers(null));
  const axisOf = (i: number) =>
    linear(scale === 'row' ? Math.max(0, ...numbers(i)) : sharedMax, 0, plotW);
  const markerColor = markers?.color ?? 'var(--mantine-color-red-7)';

  return (
    <Box data-testid="chart" data-chart={props.name}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={props.title}
        style={{ display: 'block', fontSize: 11 }}
      >
        {categories.map((category, i) => {
          const x = axisOf(i);
          const y0 = top + i * rowH;
          const marker = markers?.values[i] ?? null;
          return (
            <g key={category}>
              <text
                x={labelW - 8}
                y={y0 + (rowH - rowGap) / 2 + 4}
                textAnchor="end"
                fill="var(--mantine-color-text)"
              >
                <title>{category}</title>
                {clip(category)}
              </text>
              {series.map((s, k) => {
                const value = s.values[i] ?? null;
                if (value === null) return null;
                const w = Math.max(0, Math.min(plotW, x(Math.max(0, value))));
                const y = y0 + k * barH;
                return (
                  <g key={s.key}>
                    <rect
                      data-testid="chart-point"
                      data-series={s.key}
                      data-category={category}
                      data-value={value}
                      x={labelW}
                      y={y + 1}
                      width={Math.max(value > 0 ? 1 : 0, w)}
                      height={barH - 2}
                      rx={2}
                      fill={s.color}
                    >
                      <title>{`${s.label}, ${category}: ${format(value)}`}</title>
                    </rect>
                    <text x={labelW + w + 4} y={y + barH - 3} fill="var(--mantine-color-dimmed)">
                      {s.labels?.[i] ?? format(value)}
                    </text>
                  </g>
                );
              })}
              {marker !== null && (
                <line
                  data-testid="chart-marker"
                  data-value={marker}
                  x1={labelW + Math.min(plotW, x(marker))}
                  x2={labelW + Math.min(plotW, x(marker))}
                  y1={y0 - 2}
                  y2={y0 + rowH - rowGap + 2}
                  stroke={markerColor}
                  strokeWidth={2}
                  strokeDasharray="3 2"
                >
                  <title>{`${markers?.label}: ${format(marker)}`}</title>
                </line>
              )}
            </g>
          );
        })}
        <line
          x1={labelW}
          x2={labelW}
          y1={top - 2}
          y2={height - top + 2}
          stroke="var(--mantine-color-gray-6)"
        />
      </svg>
      <ChartLegend
        items={[
          ...series.map((s) => ({ label: s.label, color: s.color })),
          ...(markers
            ? [{ label: markers.label, color: markerColor, line: true, dashed: true }]
            : []),
        ]}
      />
    </Box>
  );
}
