import { Alert, Loader, Text, Timeline } from '@mantine/core';
import { humanize, salesAttemptEventType, useLeadDefinitions } from '../api/lifecycle';
import type { ContactEvent, StageTransition } from '../api/types';
import { LoadMore } from '../components/LoadMore';
import { FullTime } from '../components/Time';
import { useStages } from '../stages/stages';
import { transitionSummary } from './contact/StageHistory';
import { useRefreshableApi, useRefreshablePages } from './contact/use-refreshable';

type Entry =
  | { kind: 'event'; at: string; id: string; event: ContactEvent }
  | { kind: 'attempt'; at: string; id: string; event: ContactEvent }
  | { kind: 'transition'; at: string; id: string; transition: StageTransition };

// Stage changes violet, sales attempts orange, marketing and product activity blue.
const colours = { transition: 'violet', attempt: 'orange', event: 'blue' } as const;

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

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** "Call · No answer": a sales attempt's channel and outcome. */
function attemptTitle(e: ContactEvent): string {
  const channel = text(e.properties.channel);
  const outcome = text(e.properties.outcome);
  if (!channel || !outcome) return e.name ?? e.type;
  return `${humanize(channel)} · ${humanize(outcome)}`;
}

function attemptDetail(e: ContactEvent): string {
  const who = text(e.properties.memberName);
  return [who ? `By ${who}` : null, text(e.properties.note)].filter(Boolean).join(' — ');
}

function time(iso: string): number {
  return new Date(iso).getTime();
}

/**
 * Events, sales attempts and stage changes merged by time, newest first; events
 * page in as you ask for more. A new `revision` reads them again.
 */
export function ContactTimeline({
  contactId,
  revision = 0,
}: {
  contactId: string;
  revision?: number;
}) {
  const { nameOf } = useStages();
  const { reasonCodes } = useLeadDefinitions().definitions;
  const transitions = useRefreshableApi<{ items: StageTransition[] }>(
    `/api/v1/contacts/${contactId}/transitions`,
    revision,
  );
  const eventList = useRefreshablePages<ContactEvent>(
    `/api/v1/contacts/${contactId}/events?limit=30`,
    revision,
  );
  const events = eventList.rows;

  const error = transitions.error ?? eventList.error;
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!transitions.data || !eventList.loaded) return <Loader size="sm" />;

  // Older stage changes wait until the events reach back to them, so the order stays true.
  const oldestShown =
    eventList.hasMore && events.length > 0 ? time(events[events.length - 1]!.occurredAt) : null;
  const entries: Entry[] = [
    ...events.map((event) => ({
      kind: event.type === salesAttemptEventType ? ('attempt' as const) : ('event' as const),
      at: event.occurredAt,
      id: event.id,
      event,
    })),
    // Newest first before the sort, so moves recorded in one instant keep their order.
    ...[...transitions.data.items]
      .reverse()
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
      {/* Every item "active" so bullets fill with their colour. */}
      <Timeline bulletSize={14} lineWidth={2} active={entries.length - 1} data-testid="timeline">
        {entries.map((entry) => (
          <Timeline.Item
            key={`${entry.kind}-${entry.id}`}
            color={colours[entry.kind]}
            title={
              entry.kind === 'attempt'
                ? attemptTitle(entry.event)
                : entry.kind === 'event'
                  ? (entry.event.name ?? entry.event.type)
                  : entry.transition.fromStage
                    ? `Stage: ${nameOf(entry.transition.fromStage)} → ${nameOf(entry.transition.toStage)}`
                    : `Stage: entered ${nameOf(entry.transition.toStage)}`
            }
            data-testid="timeline-entry"
            data-kind={entry.kind}
          >
            {entry.kind === 'attempt' ? (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {attemptDetail(entry.event)}
              </Text>
            ) : entry.kind === 'event' ? (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {[entry.event.type, eventDetail(entry.event)].filter(Boolean).join(' · ')}
              </Text>
            ) : (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {transitionSummary(entry.transition, reasonCodes)}
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
