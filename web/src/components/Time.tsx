import { Tooltip } from '@mantine/core';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (Number.isNaN(seconds)) return iso;
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function formatAbsolute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : absolute.format(date);
}

/** "3 days ago" in tight spots (tables), with the exact time on hover. */
export function Time({ iso }: { iso: string }) {
  return (
    <Tooltip label={formatAbsolute(iso)} openDelay={300}>
      <time dateTime={iso}>{formatRelative(iso)}</time>
    </Tooltip>
  );
}

/** "3 days ago · 19 Nov 2026, 14:02" where there is room for both. */
export function FullTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso}>
      {formatRelative(iso)} · {formatAbsolute(iso)}
    </time>
  );
}
