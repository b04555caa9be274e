import { Box } from '@mantine/core';
import { ChartLegend } from './ChartLegend';
import { linear, niceTicks } from './scale';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  key: string;
  label: string;
  color: string;
  points: readonly LinePoint[];
}

export interface LineChartProps {
  title: string;
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  /** Axis ends; default: from the data. */
  xMax?: number;
  yMax?: number;
  /** A dashed y = x line (what chance gives on a ROC or gains chart). */
  diagonal?: string;
  format?: (value: number) => string;
  height?: number;
  testId?: string;
}

const width = 420;
const margin = { top: 12, right: 14, bottom: 40, left: 48 };

/** Lines through points on linear axes from 0. Plain SVG, scales to its box. */
export function LineChart(props: LineChartProps) {
  const { series, format = String, height = 340 } = props;
  const all = series.flatMap((s) => s.points);
  const xTicks = niceTicks(props.xMax ?? Math.max(0, ...all.map((p) => p.x)), 5);
  const yTicks = niceTicks(props.yMax ?? Math.max(0, ...all.map((p) => p.y)), 5);
  const xTop = props.xMax ?? xTicks[xTicks.length - 1]!;
  const yTop = props.yMax ?? yTicks[yTicks.length - 1]!;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = linear(xTop, margin.left, margin.left + plotW);
  const y = linear(yTop, margin.top + plotH, margin.top);
  const path = (points: readonly LinePoint[]) =>
    points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)} ${y(p.y).toFixed(1)}`)
      .join(' ');

  return (
    <Box data-testid={props.testId}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label={props.title}
        style={{ display: 'block', fontSize: 11 }}
      >
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={x(0)} x2={x(xTop)} y1={y(t)} y2={y(t)} stroke="var(--mantine-color-gray-3)" />
            <text x={x(0) - 6} y={y(t) + 4} textAnchor="end" fill="var(--mantine-color-dimmed)">
              {format(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text
            key={`x${t}`}
            x={x(t)}
            y={y(0) + 16}
            textAnchor="middle"
            fill="var(--mantine-color-dimmed)"
          >
            {format(t)}
          </text>
        ))}
        <text x={x(xTop / 2)} y={height - 6} textAnchor="middle">
          {props.xLabel}
        </text>
        <text transform={`translate(12 ${y(yTop / 2)}) rotate(-90)`} textAnchor="middle">
          {props.yLabel}
        </text>
        <line x1={x(0)} x2={x(xTop)} y1={y(0)} y2={y(0)} stroke="var(--mantine-color-gray-6)" />
        <line x1={x(0)} x2={x(0)} y1={y(0)} y2={y(yTop)} stroke="var(--mantine-color-gray-6)" />
        {props.diagonal && (
          <line
            x1={x(0)}
            y1={y(0)}
            x2={x(Math.min(xTop, yTop))}
            y2={y(Math.min(xTop, yTop))}
            stroke="var(--mantine-color-gray-5)"
            strokeDasharray="4 4"
          />
        )}
        {series.map((s) => (
          <path
            key={s.key}
            data-testid="line"
            data-series={s.key}
            data-points={s.points.length}
            d={path(s.points)}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            strokeLinejoin="round"
          />
        ))}
      </svg>
      <ChartLegend
        items={[
          ...series.map((s) => ({ label: s.label, color: s.color, line: true })),
          ...(props.diagonal
            ? [
                {
                  label: props.diagonal,
                  color: 'var(--mantine-color-gray-5)',
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
