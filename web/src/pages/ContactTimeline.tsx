import { Button, Loader, Text, Timeline } from '@mantine/core';
import type { ContactEvent, StageTransition } from '../api/types';
import { useApi } from '../api/use-api';
import { usePagedApi } from '../api/use-paged-api';
import { formatAbsolute, formatRelative } from '../components/time';

type Entry =
  | { kind: 'event'; at: string; id: string; event: ContactEvent }
  | { kind: 'transition'; at: string; id: string; transition: StageTransition };

const detailKeys = [
  'path',
  'url',
  'title',
  'campaign',
  'subject',
  'form',
  'asset',
  'webinar',
  'outcome',
  'feature',
];

function eventDetail(e: ContactEvent): string {
  return detailKeys
    .filter((k) => typeof e.properties[k] === 'string' || typeof e.properties[k] === 'number')
    .slice(0, 3)
    .map((k) => `${k}: ${String(e.properties[k])}`)
    .join(' · ');
}

function transitionLabel(t: StageTransition): string {
  const move = t.fromStage
    ? `${t.fromStage.toUpperCase()} → ${t.toStage.toUpperCase()}`
    : `Entered ${t.toStage.toUpperCase()}`;
  return `${move} by ${t.actor.name ?? t.actor.kind}`;
}

/** Events and stage changes merged by time, newest first; events page in as you ask for more. */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const transitions = useApi<{ items: StageTransition[] }>(
    `/api/v1/contacts/${contactId}/transitions`,
  );
  const eventList = usePagedApi<ContactEvent>(`/api/v1/contacts/${contactId}/events?limit=30`);
  const events = eventList.rows;

  if (!transitions.data || !eventList.loaded) return <Loader size="sm" />;
  // Older stage changes wait until the events reach back to them, so the order stays true.
  const oldestShown =
    eventList.hasMore && events.length > 0 ? events[events.length - 1]!.occurredAt : null;
  const entries: Entry[] = [
    ...events.map((event) => ({
      kind: 'event' as const,
      at: event.occurredAt,
      id: event.id,
      event,
    })),
    ...transitions.data.items
      .filter((t) => oldestShown === null || t.occurredAt >= oldestShown)
      .map((transition) => ({
        kind: 'transition' as const,
        at: transition.occurredAt,
        id: transition.id,
        transition,
      })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  if (entries.length === 0) return <Text c="dimmed">No activity yet.</Text>;
  return (
    <>
      <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
        {entries.map((entry) => (
          <Timeline.Item
            key={`${entry.kind}-${entry.id}`}
            color={entry.kind === 'transition' ? 'violet' : 'blue'}
            title={
              entry.kind === 'event'
                ? (entry.event.name ?? entry.event.type)
                : transitionLabel(entry.transition)
            }
            data-testid="timeline-entry"
          >
            {entry.kind === 'event' ? (
              <Text size="xs" c="dimmed">
                {entry.event.type} {eventDetail(entry.event) && `· ${eventDetail(entry.event)}`}
              </Text>
            ) : (
              entry.transition.reason && (
                <Text size="xs" c="dimmed">
                  Reason: {entry.transition.reason}
                </Text>
              )
            )}
            <Text size="xs" c="dimmed" title={formatAbsolute(entry.at)}>
              {formatRelative(entry.at)} · {formatAbsolute(entry.at)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {eventList.hasMore && (
        <Button variant="light" size="xs" mt="sm" onClick={() => void eventList.loadMore()}>
          Load more
        </Button>
      )}
    </>
  );
}
