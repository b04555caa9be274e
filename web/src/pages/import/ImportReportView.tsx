import { Badge, Code, Paper, SimpleGrid, Spoiler, Stack, Table, Text, Title } from '@mantine/core';
import type { ImportReport } from '../../api/types';
import { ImportErrors } from './ImportErrors';
import { formatCount, presetLabels } from './import-labels';

const countLabels = {
  created: ['Would create', 'Created'],
  updated: ['Would update', 'Updated'],
  unchanged: ['Would leave unchanged', 'Unchanged'],
  failed: ['Would fail', 'Failed'],
} as const;

/** What a run did (or, for a dry run, would do), row by row in four numbers. */
export function ImportCounts({ report }: { report: ImportReport }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="import-counts">
      {(Object.keys(countLabels) as (keyof typeof countLabels)[]).map((key) => (
        <Paper key={key} withBorder p="sm" radius="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {countLabels[key][report.dryRun ? 0 : 1]}
          </Text>
          <Text
            size="xl"
            fw={700}
            c={key === 'failed' && report.failed > 0 ? 'red' : undefined}
            data-testid={`count-${key}`}
          >
            {formatCount(report[key])}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** Which CSV column fills which field; columns nothing reads are marked as ignored. */
export function ImportMapping({ report }: { report: ImportReport }) {
  const ignored = report.mapping.filter((m) => m.field === null).length;
  return (
    <div>
      <Title order={4} mb={4}>
        Column mapping
      </Title>
      <Text size="sm" c="dimmed" mb="xs" data-testid="import-preset">
        {report.preset
          ? `Preset: ${presetLabels[report.preset] ?? report.preset}`
          : 'No preset: columns matched by the mapping file and by header name'}
        {ignored > 0 && ` · ${formatCount(ignored)} ignored`}
      </Text>
      <Spoiler
        maxHeight={360}
        showLabel={`Show all ${formatCount(report.mapping.length)} columns`}
        hideLabel="Show fewer columns"
      >
        <Table data-testid="import-mapping" maw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>CSV column</Table.Th>
              <Table.Th>Tandem field</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.mapping.map((m, i) => (
              <Table.Tr
                // biome-ignore lint/suspicious/noArrayIndexKey: a header can repeat a column name; the list never reorders
                key={`${i}:${m.column}`}
                data-testid="mapping-row"
                data-ignored={m.field === null || undefined}
              >
                <Table.Td c={m.field === null ? 'dimmed' : undefined}>{m.column}</Table.Td>
                <Table.Td>
                  {m.field === null ? (
                    <Badge color="gray" variant="light">
                      ignored
                    </Badge>
                  ) : (
                    <Code>{m.field}</Code>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Spoiler>
    </div>
  );
}

/** A run's whole report: counts, mapping and errors. */
export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <Stack gap="lg">
      <ImportCounts report={report} />
      <ImportMapping report={report} />
      <ImportErrors report={report} />
    </Stack>
  );
}
