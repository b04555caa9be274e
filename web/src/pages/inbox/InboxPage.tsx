import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Inbox } from '../../api/sla-types';
import { contactName } from '../../components/contact-name';
import { Time } from '../../components/Time';
import { StageBadge } from '../../stages/StageBadge';
import { ClockCountdown } from './ClockCountdown';
import { clockView, urgencyKey } from './countdown';

const refreshMs = 60_000;

/**
 * The inbox as last fetched, with the difference between the server's clock
 * and the browser's, so countdowns run on server time even on a skewed laptop.
 */
function useInbox() {
  const [state, setState] = useState<{ inbox: Inbox; skewMs: number } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let current = true;
    const load = () => {
      const asked = Date.now();
      api<Inbox>('/api/v1/inbox').then(
        (inbox) => {
          if (!current) return;
          const answered = Date.now();
          setState({ inbox, skewMs: Date.parse(inbox.now) - (asked + answered) / 2 });
          setError(null);
        },
        (e: Error) => current && setError(e),
      );
    };
    load();
    const timer = setInterval(load, refreshMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, []);
  return { state, error };
}

function useTick(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The rep's open leads, each with its SLA clocks counting down, most urgent first. */
export function InboxPage() {
  const { state, error } = useInbox();
  const tick = useTick(1000);
  const now = new Date(tick + (state?.skewMs ?? 0));

  // Ordered when the list arrives, not on every tick, so rows do not jump under the cursor.
  const items = useMemo(() => {
    if (!state) return [];
    const at = new Date(Date.parse(state.inbox.now));
    return state.inbox.items
      .map((item, i) => ({ item, i, key: urgencyKey(state.inbox.calendar, item.clocks, at) }))
      .sort((a, b) => a.key - b.key || a.i - b.i)
      .map(({ item }) => item);
  }, [state]);

  if (error && !state) return <Alert color="red">{error.message}</Alert>;
  if (!state) return <Loader />;
  const { calendar } = state.inbox;
  let overdue = 0;
  let warned = 0;
  for (const item of items) {
    const views = item.clocks.map((c) => clockView(calendar, c, now));
    if (views.some((v) => v.kind === 'running' && v.urgency === 'overdue')) overdue++;
    else if (views.some((v) => v.kind === 'running' && v.urgency === 'warned')) warned++;
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Inbox</Title>
        <Text c="dimmed" size="sm">
          Your open leads, most urgent first. Clocks count your business hours ({calendar.timeZone})
          only.
        </Text>
      </div>
      {items.length > 0 && (
        <Group gap="xs" data-testid="inbox-summary">
          <Badge color="red" variant={overdue ? 'filled' : 'light'} tt="none">
            {overdue} overdue
          </Badge>
          <Badge color="orange" variant={warned ? 'filled' : 'light'} tt="none">
            {warned} due soon
          </Badge>
          <Text size="sm" c="dimmed">
            of {items.length} open lead{items.length === 1 ? '' : 's'}
          </Text>
        </Group>
      )}
      {error && <Alert color="yellow">Could not refresh: {error.message}</Alert>}
      {items.length === 0 ? (
        <Card withBorder data-testid="inbox-empty">
          <Text>No open leads are assigned to you.</Text>
        </Card>
      ) : (
        <Table verticalSpacing="sm" data-testid="inbox">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Lead</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th>Handed over</Table.Th>
              <Table.Th>SLA clocks</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr
                key={item.contact.id}
                data-testid="inbox-item"
                data-contact={item.contact.id}
              >
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${item.contact.id}`} fw={500}>
                    {contactName(item.contact)}
                  </Anchor>
                  {item.contact.account && (
                    <Text size="xs" c="dimmed">
                      {item.contact.account.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <StageBadge stage={item.contact.lifecycleStage} />
                </Table.Td>
                <Table.Td>{item.handedAt ? <Time iso={item.handedAt} /> : '—'}</Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    {item.clocks.map((clock) => (
                      <ClockCountdown key={clock.id} calendar={calendar} clock={clock} now={now} />
                    ))}
                    {item.clocks.length === 0 && (
                      <Text size="sm" c="dimmed">
                        no clocks running
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Text size="xs" c="dimmed">
          Refreshed every minute.
        </Text>
      </Group>
    </Stack>
  );
}
