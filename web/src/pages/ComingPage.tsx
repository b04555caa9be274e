import { Anchor, Card, Code, List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

export interface ComingArea {
  title: string;
  summary: string;
  items: ReactNode[];
}

/** An honest placeholder: what the area will do, and no invented numbers. */
export function ComingPage({ area }: { area: ComingArea }) {
  return (
    <Stack maw={720}>
      <Title order={2}>{area.title}</Title>
      <Card withBorder data-testid="coming-soon">
        <Text fw={500} mb="xs">
          Coming soon — {area.summary}
        </Text>
        <List size="sm" spacing={4}>
          {area.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static content
            <List.Item key={i}>{item}</List.Item>
          ))}
        </List>
      </Card>
    </Stack>
  );
}

export const comingAreas: Record<string, ComingArea> = {
  settings: {
    title: 'Settings',
    summary: 'members, API keys and integrations.',
    items: [
      <>
        Members, teams, business calendars and capacity (today: <Code>tandem users create</Code>)
      </>,
      <>
        API keys with scopes (today: <Code>tandem keys create</Code> or the API)
      </>,
      <>
        Notifications to webhooks and Slack:{' '}
        <Anchor component={Link} to="/settings/notifications">
          set them up now
        </Anchor>
      </>,
    ],
  },
};
