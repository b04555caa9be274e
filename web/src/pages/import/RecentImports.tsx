import { Alert, Anchor, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { ImportReport } from '../../api/types';
import { useApi } from '../../api/use-api';
import { FullTime, Time } from '../../components/Time';
import { ImportReportView } from './ImportReportView';
import { formatCount, kindLabels, presetLabels } from './import-labels';

/** The latest real imports; `refresh` changes after each import so the list follows. */
export function RecentImports({ refresh }: { refresh: number }) {
  const [items, setItems] = useState<ImportReport[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  useEffect(() => {
    // `refresh` is only a signal to fetch again.
    void refresh;
    let current = true;
    api<{ items: ImportReport[] }>('/api/v1/imports').then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setError(null);
      },
      (e: Error) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [refresh]);

  return (
    <Stack gap="xs">
      <Title order={3}>Recent imports</Title>
      {error && <Alert color="red">{error.message}</Alert>}
      {items === null ? (
        !error && <Loader size="sm" />
      ) : items.length === 0 ? (
        <Text c="dimmed">No imports yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover data-testid="recent-imports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Finished</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Preset</Table.Th>
                <Table.Th ta="right">Rows</Table.Th>
                <Table.Th ta="right">Created</Table.Th>
                <Table.Th ta="right">Updated</Table.Th>
                <Table.Th ta="right">Unchanged</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id ?? r.startedAt} data-testid="recent-import-row">
                  <Table.Td>
                    <Time iso={r.finishedAt} />
                  </Table.Td>
                  <Table.Td>
                    {r.id ? (
                      <Anchor component="button" size="sm" onClick={() => setOpenId(r.id)}>
                        {r.fileName ?? 'Untitled file'}
                      </Anchor>
                    ) : (
                      (r.fileName ?? 'Untitled file')
                    )}
                  </Table.Td>
                  <Table.Td>{kindLabels[r.kind] ?? r.kind}</Table.Td>
                  <Table.Td>{r.preset ? (presetLabels[r.preset] ?? r.preset) : '—'}</Table.Td>
                  <Table.Td ta="right">{formatCount(r.rows)}</Table.Td>
                  <Table.Td ta="right">{formatCount(r.created)}</Table.Td>
                  <Table.Td ta="right">{formatCount(r.updated)}</Table.Td>
                  <Table.Td ta="right">{formatCount(r.unchanged)}</Table.Td>
                  <Table.Td ta="right" c={r.failed > 0 ? 'red' : undefined}>
                    {formatCount(r.failed)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={openId !== null}
        onClose={() => setOpenId(null)}
        title="Import report"
        size="xl"
      >
        {openId && <StoredReport id={openId} />}
      </Modal>
    </Stack>
  );
}

/** One stored run with its errors, as `GET /api/v1/imports/{id}` returns it. */
function StoredReport({ id }: { id: string }) {
  const report = useApi<ImportReport>(`/api/v1/imports/${encodeURIComponent(id)}`);
  if (report.error) return <Alert color="red">{report.error.message}</Alert>;
  if (!report.data) return <Loader size="sm" />;
  const r = report.data;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {r.fileName ?? 'Untitled file'} · {kindLabels[r.kind] ?? r.kind} · {formatCount(r.rows)}{' '}
        rows · finished <FullTime iso={r.finishedAt} />
      </Text>
      <ImportReportView report={r} />
    </Stack>
  );
}
