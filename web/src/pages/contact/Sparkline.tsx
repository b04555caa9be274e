interface Point {
  at: number;
  value: number;
}

interface Props {
  points: Point[];
  width?: number;
  height?: number;
  label: string;
}

/** A small line of values over time, drawn inline: no chart library for one line. */
export function Sparkline({ points, width = 260, height = 56, label }: Props) {
  if (points.length === 0) return null;
  const pad = 4;
  const times = points.map((p) => p.at);
  const values = points.map((p) => p.value);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const lo = Math.min(0, ...values);
  const hi = Math.max(...values);
  const x = (t: number) =>
    t1 === t0 ? width / 2 : pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad);
  const y = (v: number) =>
    hi === lo ? height / 2 : height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad);
  const line = points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const last = points[points.length - 1]!;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-testid="score-sparkline"
    >
      <title>{label}</title>
      {lo < 0 && (
        <line
          x1={0}
          x2={width}
          y1={y(0)}
          y2={y(0)}
          stroke="var(--mantine-color-gray-4)"
          strokeDasharray="2 2"
        />
      )}
      <polyline
        points={line}
        fill="none"
        stroke="var(--mantine-color-blue-6)"
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
      <circle cx={x(last.at)} cy={y(last.value)} r={2.5} fill="var(--mantine-color-blue-6)" />
    </svg>
  );
}
