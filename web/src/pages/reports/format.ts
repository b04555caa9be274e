const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en');
const money = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export const formatRate = (x: number | null) => (x === null ? '–' : percent.format(x));
export const formatCount = (n: number | null) => (n === null ? '–' : count.format(n));
export const formatMoney = (n: number | null) => (n === null ? '–' : money.format(n));
export const formatDecimal = (n: number | null) => (n === null ? '–' : decimal.format(n));

/** A stay's length as people say it: minutes, hours, or days past two days. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${decimal.format(hours)} h`;
  return `${decimal.format(hours / 24)} d`;
}

/** Colours of a chart's series, in order. */
export const seriesColors = [
  'var(--mantine-color-blue-6)',
  'var(--mantine-color-teal-6)',
  'var(--mantine-color-orange-6)',
  'var(--mantine-color-grape-6)',
  'var(--mantine-color-cyan-6)',
  'var(--mantine-color-lime-7)',
  'var(--mantine-color-pink-6)',
  'var(--mantine-color-indigo-6)',
];

export const colorAt = (i: number) => seriesColors[i % seriesColors.length]!;
