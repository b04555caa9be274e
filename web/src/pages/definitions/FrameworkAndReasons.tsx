import { Badge, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { DefinitionsDocument, ReasonCode } from './types';

/** The framework sales fills in before a lead becomes an SQL. */
export function FrameworkCard({ framework }: { framework: DefinitionsDocument['qualification'] }) {
  return (
    <Card withBorder data-testid="qualification-framework">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Qualification framework: {framework.name}</Title>
        <Badge variant="light">{framework.key.toUpperCase()}</Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Sales answers every field before a lead can become a sales qualified lead.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {framework.fields.map((f) => (
          <div key={f.key} data-testid="framework-field">
            <Text size="sm" fw={600}>
              {f.label}
            </Text>
            <Text size="sm" c="dimmed">
              {f.help}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}

function ReasonTable({
  title,
  codes,
  nameOf,
}: {
  title: string;
  codes: ReasonCode[];
  nameOf(key: string): string;
}) {
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {title}
      </Title>
      <Table data-testid="reason-codes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>The lead goes to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {codes.map((r) => (
            <Table.Tr key={r.key} data-testid="reason-code" data-key={r.key}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td>
                <code>{r.key}</code>
              </Table.Td>
              <Table.Td>{nameOf(r.outcome)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Why sales turns a lead down, and why a deal is lost: each reason decides recycle or disqualify. */
export function ReasonCodes({ document }: { document: DefinitionsDocument }) {
  const nameOf = (key: string) => document.stages.find((s) => s.key === key)?.name ?? key;
  const of = (kind: ReasonCode['kind']) => document.reasonCodes.filter((r) => r.kind === kind);
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ReasonTable
        title="Reject reasons (a handed-over lead)"
        codes={of('reject')}
        nameOf={nameOf}
      />
      <ReasonTable title="Lost reasons (a qualified deal)" codes={of('lost')} nameOf={nameOf} />
    </SimpleGrid>
  );
}
