import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { Contribution } from '../../api/scoring-types';
import { Time } from '../../components/Time';
import { formatSignedPoints, plural } from '../scoring/scoring-format';

const kindColors: Record<Contribution['kind'], string> = {
  fit: 'grape',
  engagement: 'cyan',
  negative: 'red',
};

/** Each rule that gave points now, with the events behind engagement points, expandable. */
export function ContributionsTable({ contributions }: { contributions: Contribution[] }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (ruleId: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(ruleId)) next.delete(ruleId);
      else next.add(ruleId);
      return next;
    });

  if (contributions.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="no-contributions">
        No rule gives this contact points.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table data-testid="score-contributions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th ta="right">Points now</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contributions.map((c) => {
            const expanded = open.has(c.ruleId);
            return (
              <Fragment key={c.ruleId}>
                <Table.Tr data-testid="contribution-row" data-rule-id={c.ruleId}>
                  <Table.Td>
                    <Text size="sm">{c.label}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {c.ruleId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={kindColors[c.kind]}>
                      {c.kind === 'negative' ? `negative ${c.part}` : c.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {c.events.length > 0 ? (
                      <Anchor
                        component="button"
                        size="sm"
                        onClick={() => toggle(c.ruleId)}
                        aria-expanded={expanded}
                        data-testid="contribution-toggle"
                      >
                        {plural(c.occurrences, 'event')} {expanded ? '▾' : '▸'}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {c.part === 'fit' ? 'profile' : plural(c.occurrences, 'event')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    ff="monospace"
                    c={c.points < 0 ? 'red' : undefined}
                    data-testid="contribution-points"
                    data-points={c.points}
                  >
                    {formatSignedPoints(c.points)}
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr>
                    <Table.Td colSpan={4} bg="var(--mantine-color-gray-0)">
                      <ContributionEvents contribution={c} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ContributionEvents({ contribution }: { contribution: Contribution }) {
  const listed = contribution.events.length;
  return (
    <Table withRowBorders={false} data-testid="contribution-events">
      <Table.Tbody>
        {contribution.events.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td w={160}>
              <Time iso={e.occurredAt} />
            </Table.Td>
            <Table.Td w={180} ff="monospace">
              <Text size="xs">{e.type}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{e.name ?? '—'}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
        {contribution.occurrences > listed && (
          <Table.Tr>
            <Table.Td colSpan={3}>
              <Text size="xs" c="dimmed">
                The {listed} most recent of {contribution.occurrences} events.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
