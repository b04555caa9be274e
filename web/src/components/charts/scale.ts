/**
 * Axis arithmetic shared by the SVG charts: a "nice" upper bound and the ticks
 * below it (1, 2 or 5 times a power of ten), so axes read 0 · 20 · 40 rather than
 * 0 · 17.3 · 34.6.
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

/** Maps [0, max] onto [from, to] (SVG y grows downwards: pass from > to for a value axis). */
export function linear(max: number, from: number, to: number): (value: number) => number {
  return (value) => (max === 0 ? from : from + ((to - from) * value) / max);
}
