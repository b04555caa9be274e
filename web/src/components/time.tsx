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
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** "3 days ago", with the exact time on hover. */
export function Time({ iso }: { iso: string }) {
  return (
    <Tooltip label={absolute.format(new Date(iso))}>
      <span>{formatRelative(iso)}</span>
    </Tooltip>
  );
}

export function formatAbsolute(iso: string): string {
  return absolute.format(new Date(iso));
}
