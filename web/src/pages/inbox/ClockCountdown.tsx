import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { BusinessCalendar, InboxClock } from '../../api/sla-types';
import { formatAbsolute } from '../../components/Time';
import { clauseName } from '../sla/clause-text';
import { clockView, formatBusinessMs } from './countdown';

const colours = { ok: 'blue', warned: 'orange', overdue: 'red' } as const;

/**
 * One SLA clock as a live countdown in the owner's business time: it ticks
 * only inside their working hours, turns amber once the warning share has
 * passed and red, counting up, once due.
 */
export function ClockCountdown({
  calendar,
  clock,
  now,
}: {
  calendar: BusinessCalendar;
  clock: InboxClock;
  now: Date;
}) {
  const view = clockView(calendar, clock, now);
  if (view.kind === 'settled') return null;
  const label = clauseName(clock.clause);
  if (view.kind === 'paused')
    return (
      <Group gap={6} data-testid="sla-clock" data-clause={clock.clause} data-urgency="paused">
        <Text size="sm" w={130}>
          {label}
        </Text>
        <Badge color="gray" variant="light" tt="none">
          paused{view.remainingMs !== null ? ` · ${formatBusinessMs(view.remainingMs)} left` : ''}
        </Badge>
      </Group>
    );
  const { remainingMs, urgency, ticking } = view;
  const text =
    urgency === 'overdue'
      ? `overdue by ${formatBusinessMs(remainingMs)}`
      : `${formatBusinessMs(remainingMs)} left`;
  return (
    <Group
      gap={6}
      data-testid="sla-clock"
      data-clause={clock.clause}
      data-urgency={urgency}
      data-ticking={ticking}
    >
      <Text size="sm" w={130}>
        {label}
      </Text>
      <Tooltip
        label={clock.dueAt ? `Due ${formatAbsolute(clock.dueAt)}` : 'No due time'}
        openDelay={300}
      >
        <Badge
          color={colours[urgency]}
          variant={urgency === 'ok' ? 'light' : 'filled'}
          tt="none"
          ff="monospace"
          data-testid="sla-clock-time"
        >
          {text}
        </Badge>
      </Tooltip>
      {!ticking && urgency !== 'overdue' && (
        <Text size="xs" c="dimmed" data-testid="sla-clock-paused">
          paused — outside business hours
        </Text>
      )}
    </Group>
  );
}
