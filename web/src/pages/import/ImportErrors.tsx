import { Button, Group, Pagination, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ImportReport } from '../../api/types';
import { downloadText, errorReportCsv, errorReportFileName } from './error-report-csv';
import { formatCount, plural } from './import-labels';

const pageSize = 25;

/** The per-row error report: which row, which column, what value, and why. */
export function ImportErrors({ report }: { report: ImportReport }) {
  // The page belongs to one report; another report starts on its first page.
  const [paging, setPaging] = useState({ report, page: 1 });
  const page = paging.report === report ? paging.page : 1;
  if (report.errorCount === 0) return null;

  const listed = report.errors.length;
  const pages = Math.max(1, Math.ceil(listed / pageSize));
  const first = (Math.min(page, pages) - 1) * pageSize;
  const shown = report.errors.slice(first, first + pageSize);

  return (
    <div>
      <Group justify="space-between" mb="xs">
        <Title order={4}>
          {plural(report.errorCount, 'error')}
          {report.dryRun ? ' found' : ''}
        </Title>
        <Button
          variant="default"
          size="xs"
          disabled={listed === 0}
          onClick={() =>
            downloadText(errorReportCsv(report.errors), errorReportFileName(report.fileName))
          }
          data-testid="download-error-report"
        >
          Download error report (CSV)
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={640}>
        <Table striped data-testid="import-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Row</Table.Th>
              <Table.Th>Column</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row can have several errors; the list never reorders
              <Table.Tr key={first + i} data-testid="import-error-row">
                <Table.Td>{formatCount(e.row)}</Table.Td>
                <Table.Td>{e.column ?? <Text c="dimmed">—</Text>}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {e.value === null || e.value === '' ? <Text c="dimmed">empty</Text> : e.value}
                </Table.Td>
                <Table.Td>{e.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {(pages > 1 || listed < report.errorCount) && (
        <Group justify="space-between" mt="xs">
          <Text size="sm" c="dimmed" data-testid="import-errors-range">
            {rangeText(first, shown.length, listed, report.errorCount)}
          </Text>
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={(p) => setPaging({ report, page: p })}
              size="sm"
            />
          )}
        </Group>
      )}
    </div>
  );
}

/** "Errors 26–50 of 131", and whether the server listed fewer than it found. */
function rangeText(first: number, shown: number, listed: number, found: number): string {
  const range =
    listed === 0
      ? 'No errors listed'
      : `Errors ${first + 1}–${first + shown} of ${formatCount(listed)}`;
  if (listed >= found) return range;
  return `${range}; ${formatCount(found - listed)} more were found but not listed.`;
}
