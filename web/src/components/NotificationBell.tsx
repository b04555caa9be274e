import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { AppNotification, NotificationsPage } from '../api/notification-types';
import { Time } from './Time';

const pollMs = 30_000;

const clauseWords: Record<string, string> = {
  accept_within: 'accept or reject',
  first_attempt_within: 'first attempt',
  attempt_cadence: 'attempt cadence',
  outcome_recorded: 'record an outcome',
};

/** One line a person reads, from the type and what the payload carries. */
export function notificationText(n: AppNotification): string {
  const p = n.payload;
  const who = typeof p.contactName === 'string' && p.contactName ? p.contactName : 'a lead';
  const clause = typeof p.clause === 'string' ? (clauseWords[p.clause] ?? p.clause) : null;
  switch (n.type) {
    case 'lead.assigned':
      return `New lead: ${who}`;
    case 'sla.warning':
      return `SLA warning for ${who}${clause ? `: ${clause} falls due soon` : ''}`;
    case 'sla.breached':
      return `SLA breached for ${who}${clause ? `: ${clause}` : ''}`;
    case 'lead.rejected':
      return `${who} was rejected by sales`;
    case 'stage.changed':
      return `${who} moved${typeof p.to === 'string' ? ` to ${p.to}` : ''}`;
    case 'test.ping':
      return 'Test notification';
    default:
      return `${n.type}: ${who}`;
  }
}

function Bell() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/** The shell's bell: unread count, and the recent in-app notifications to read and mark read. */
export function NotificationBell() {
  const [page, setPage] = useState<NotificationsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);

  const load = useCallback(() => {
    api<NotificationsPage>('/api/v1/notifications').then(
      (p) => {
        setPage(p);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  useEffect(() => {
    load();
    const timer = setInterval(load, pollMs);
    return () => clearInterval(timer);
  }, [load]);

  const mark = async (body: { ids: string[] } | { all: true }) => {
    try {
      await api('/api/v1/notifications/read', { method: 'POST', body });
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const unread = page?.unreadCount ?? 0;
  const items = page?.items.slice(0, 20) ?? [];

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={360}
      shadow="md"
      onOpen={load}
    >
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={16}
          disabled={unread === 0}
          color="red"
          data-testid="notification-count"
          data-count={unread}
        >
          <ActionIcon
            variant="subtle"
            aria-label={`Notifications (${unread} unread)`}
            onClick={() => {
              setOpened((o) => !o);
              if (!opened) load();
            }}
            data-testid="notification-bell"
          >
            <Bell />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="notification-list">
        <Group justify="space-between" px="sm" py={6}>
          <Text fw={500} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={unread === 0}
            onClick={() => void mark({ all: true })}
            data-testid="notification-read-all"
          >
            Mark all read
          </Button>
        </Group>
        <Divider />
        {error && (
          <Text c="red" size="sm" p="sm">
            {error}
          </Text>
        )}
        {items.length === 0 && !error && (
          <Text c="dimmed" size="sm" p="sm">
            Nothing yet.
          </Text>
        )}
        <ScrollArea.Autosize mah={420}>
          <Stack gap={0}>
            {items.map((n) => {
              const contactId = n.contactId ?? n.payload.contactId ?? null;
              const text = notificationText(n);
              return (
                <Box
                  key={n.id}
                  px="sm"
                  py={6}
                  bg={n.readAt ? undefined : 'var(--mantine-color-blue-light)'}
                  data-testid="notification"
                  data-type={n.type}
                  data-read={n.readAt !== null}
                >
                  <Group justify="space-between" wrap="nowrap" align="start">
                    <div>
                      {contactId ? (
                        <Anchor
                          component={Link}
                          to={`/contacts/${contactId}`}
                          size="sm"
                          onClick={() => {
                            setOpened(false);
                            if (!n.readAt) void mark({ ids: [n.id] });
                          }}
                        >
                          {text}
                        </Anchor>
                      ) : (
                        <Text size="sm">{text}</Text>
                      )}
                      <Text size="xs" c="dimmed">
                        <Time iso={n.createdAt} />
                      </Text>
                    </div>
                    {!n.readAt && (
                      <UnstyledButton
                        fz="xs"
                        c="blue"
                        onClick={() => void mark({ ids: [n.id] })}
                        data-testid="notification-mark-read"
                      >
                        Mark read
                      </UnstyledButton>
                    )}
                  </Group>
                </Box>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
