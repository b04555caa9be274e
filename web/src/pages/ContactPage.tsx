import { Alert, Anchor, Card, Grid, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import type { Contact, Touch } from '../api/types';
import { useApi } from '../api/use-api';
import { StageBadge } from '../components/StageBadge';
import { Time } from '../components/time';
import { ContactTimeline } from './ContactTimeline';

function touchText(t: Touch | null): string {
  if (!t) return '—';
  return [t.source, t.medium, t.campaign].filter(Boolean).join(' · ') || '—';
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={160}>{label}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

export function ContactPage() {
  const { id } = useParams();
  const contact = useApi<Contact>(`/api/v1/contacts/${id}`);

  if (contact.error) return <Alert color="red">{contact.error.message}</Alert>;
  if (!contact.data) return <Loader />;
  const c = contact.data;
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '(no name)';

  return (
    <Stack>
      <Anchor component={Link} to="/contacts" size="sm">
        ← Contacts
      </Anchor>
      <Group justify="space-between" align="start">
        <div>
          <Title order={2} data-testid="contact-title">
            {name}
          </Title>
          <Text c="dimmed">
            {[c.title, c.account?.name].filter(Boolean).join(' at ')}{' '}
            {c.email ? `· ${c.email}` : ''}
          </Text>
        </div>
        <Group>
          <StageBadge stage={c.lifecycleStage} />
          <Text size="sm">Owner: {c.owner?.name ?? 'Unassigned'}</Text>
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Title order={4} mb="xs">
              Properties
            </Title>
            <Table>
              <Table.Tbody>
                <Row label="Email">{c.email ?? '—'}</Row>
                <Row label="Title">{c.title ?? '—'}</Row>
                <Row label="Phone">{c.phone ?? '—'}</Row>
                <Row label="Account">
                  {c.account
                    ? `${c.account.name}${c.account.domain ? ` (${c.account.domain})` : ''}`
                    : '—'}
                </Row>
                <Row label="First touch">{touchText(c.firstTouch)}</Row>
                <Row label="Last touch">{touchText(c.lastTouch)}</Row>
                <Row label="Score">
                  {c.totalScore === null
                    ? 'Not scored yet'
                    : `${c.totalScore} (fit ${c.fitScore ?? '—'}, engagement ${c.engagementScore ?? '—'})${c.band ? ` · ${c.band}` : ''}`}
                </Row>
                <Row label="Created">
                  <Time iso={c.createdAt} />
                </Row>
                <Row label="Updated">
                  <Time iso={c.updatedAt} />
                </Row>
                {Object.entries(c.properties).map(([key, value]) => (
                  <Row key={key} label={key}>
                    {valueText(value)}
                  </Row>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder>
            <Title order={4} mb="xs">
              Timeline
            </Title>
            <ContactTimeline contactId={c.id} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
