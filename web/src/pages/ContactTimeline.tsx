import { Alert, Loader, Text, Timeline } from '@mantine/core';
import type { ContactEvent, StageTransition } from '../api/types';
import { useApi } from '../api/use-api';
import { usePagedApi } from '../api/use-paged-api';
import { LoadMore } from '../components/LoadMore';
import { FullTime } from '../components/Time';
import { useStages } from '../stages/stages';

type Entry =
  | { kind: 'event'; at: string; id: string; event: ContactEvent }
  | { kind: 'transition'; at: string; id: string; transition: StageTransition };

// The properties that say what a touch was about, most telling first.
const detailKeys = [
  'title',
  'url',
  'path',
  'campaign',
  'subject',
  'form',
  'asset',
  'webinar',
  'feature',
  'outcome',
];

function eventDetail(e: ContactEvent): string {
  return detailKeys
    .filter((k) => typeof e.properties[k] === 'string' || typeof e.properties[k] === 'number')
    .slice(0, 3)
    .map((k) => `${k}: ${String(e.properties[k])}`)
    .join(' · ');
}

function actorText(t: StageTransition): string {
  if (t.actor.name) return t.actor.name;
  return t.actor.kind === 'api_key' ? 'an API key' : t.actor.kind;
}

function time(iso: string): number {
  return new Date(iso).getTime();
}

/** Events and stage changes merged by time, newest first; events page in as you ask for more. */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const { nameOf } = useStages();
  const transitions = useApi<{ items: StageTransition[] }>(
    `/api/v1/contacts/${contactId}/transitions`,
  );
  const eventList = usePagedApi<ContactEvent>(`/api/v1/contacts/${contactId}/events?limit=30`);
  const events = eventList.rows;

  const error = transitions.error ?? eventList.error;
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!transitions.data || !eventList.loaded) return <Loader size="sm" />;

  // Older stage changes wait until the events reach back to them, so the order stays true.
  const oldestShown =
    eventList.hasMore && events.length > 0 ? time(events[events.length - 1]!.occurredAt) : null;
  const entries: Entry[] = [
    ...events.map((event) => ({
      kind: 'event' as const,
      at: event.occurredAt,
      id: event.id,
      event,
    })),
    ...transitions.data.items
      .filter((t) => oldestShown === null || time(t.occurredAt) >= oldestShown)
      .map((transition) => ({
        kind: 'transition' as const,
        at: transition.occurredAt,
        id: transition.id,
        transition,
      })),
  ].sort((a, b) => time(b.at) - time(a.at));

  if (entries.length === 0) return <Text c="dimmed">No activity recorded yet.</Text>;
  return (
    <>
      {/* Every item "active" so bullets fill with their colour: violet stage changes, blue events. */}
      <Timeline bulletSize={14} lineWidth={2} active={entries.length - 1} data-testid="timeline">
        {entries.map((entry) => (
          <Timeline.Item
            key={`${entry.kind}-${entry.id}`}
            color={entry.kind === 'transition' ? 'violet' : 'blue'}
            title={
              entry.kind === 'event'
                ? (entry.event.name ?? entry.event.type)
                : entry.transition.fromStage
                  ? `Stage: ${nameOf(entry.transition.fromStage)} → ${nameOf(entry.transition.toStage)}`
                  : `Stage: entered ${nameOf(entry.transition.toStage)}`
            }
            data-testid="timeline-entry"
            data-kind={entry.kind}
          >
            {entry.kind === 'event' ? (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {[entry.event.type, eventDetail(entry.event)].filter(Boolean).join(' · ')}
              </Text>
            ) : (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                By {actorText(entry.transition)}
                {entry.transition.reason ? ` — ${entry.transition.reason}` : ''}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              <FullTime iso={entry.at} />
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      <LoadMore list={eventList} size="xs" />
    </>
  );
}
