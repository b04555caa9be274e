import { Alert, Anchor, Card, Grid, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Contact, Touch } from '../api/types';
import { contactName } from '../components/contact-name';
import { FullTime } from '../components/Time';
import { StageBadge } from '../stages/StageBadge';
import { ContactTimeline } from './ContactTimeline';
import { HandoffBriefCard } from './contact/HandoffBrief';
import { LeadActionsPanel } from './contact/LeadActionsPanel';
import { ScorePanel } from './contact/ScorePanel';
import { useRefreshableApi } from './contact/use-refreshable';

function touchText(t: Touch | null): string {
  if (!t) return '—';
  return [t.source, t.medium, t.campaign].filter(Boolean).join(' · ') || '—';
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={150} style={{ overflowWrap: 'anywhere', fontWeight: 500 }}>
        {label}
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

function ScoreRows({ c }: { c: Contact }) {
  if (c.totalScore === null && c.fitScore === null && c.engagementScore === null) {
    return <Row label="Score">Not scored yet</Row>;
  }
  return (
    <>
      <Row label="Fit score">{c.fitScore ?? '—'}</Row>
      <Row label="Engagement score">{c.engagementScore ?? '—'}</Row>
      <Row label="Total score">{c.totalScore ?? '—'}</Row>
      {c.band && <Row label="Band">{c.band}</Row>}
    </>
  );
}

export function ContactPage() {
  const { id } = useParams();
  // Bumped after every lead action: the contact, its timeline and stage history are read again.
  const [revision, setRevision] = useState(0);
  const refresh = useCallback(() => setRevision((r) => r + 1), []);
  const contact = useRefreshableApi<Contact>(
    `/api/v1/contacts/${encodeURIComponent(id ?? '')}`,
    revision,
  );

  if (contact.error && !contact.data) {
    return (
      <Stack>
        <Anchor component={Link} to="/contacts" size="sm">
          ← Contacts
        </Anchor>
        <Alert color="red" data-testid="contact-error">
          {contact.error.message}
        </Alert>
      </Stack>
    );
  }
  // While another contact loads, show neither its predecessor nor the old timeline.
  if (!contact.data || contact.loading) return <Loader />;
  const c = contact.data;
  const custom = Object.entries(c.properties ?? {});

  return (
    <Stack>
      <Anchor component={Link} to="/contacts" size="sm">
        ← Contacts
      </Anchor>
      <Group justify="space-between" align="start">
        <div>
          <Title order={2} data-testid="contact-title" style={{ overflowWrap: 'anywhere' }}>
            {contactName(c)}
          </Title>
          <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {[c.email, [c.title, c.account?.name].filter(Boolean).join(' at ')]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </div>
        <Group>
          <StageBadge stage={c.lifecycleStage} />
          <Text size="sm" data-testid="contact-owner">
            Owner: {c.owner?.name ?? 'Unassigned'}
          </Text>
        </Group>
      </Group>
      {contact.error && <Alert color="red">{contact.error.message}</Alert>}
      <LeadActionsPanel contact={c} revision={revision} onChanged={refresh} />
      <HandoffBriefCard key={revision} contactId={c.id} stage={c.lifecycleStage} />
      {/* Attempts and stage changes can move the score, so it is read again after each. */}
      <ScorePanel key={revision} contactId={c.id} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Title order={4} mb="xs">
              Properties
            </Title>
            <Table data-testid="contact-properties">
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
                <ScoreRows c={c} />
                <Row label="Created">
                  <FullTime iso={c.createdAt} />
                </Row>
                <Row label="Updated">
                  <FullTime iso={c.updatedAt} />
                </Row>
              </Table.Tbody>
            </Table>
            {custom.length > 0 && (
              <>
                <Title order={5} mt="md" mb="xs">
                  Custom properties
                </Title>
                <Table data-testid="custom-properties">
                  <Table.Tbody>
                    {custom.map(([key, value]) => (
                      <Row key={key} label={key}>
                        {valueText(value)}
                      </Row>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder>
            <Title order={4} mb="xs">
              Timeline
            </Title>
            <ContactTimeline contactId={c.id} revision={revision} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
