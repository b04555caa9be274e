import { Alert, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { ImportReport, ImportRequest, Role } from '../api/types';
import { useSession } from '../auth/session';
import { FileDropArea } from './import/FileDropArea';
import { ImportErrors } from './import/ImportErrors';
import { ImportOptions, type ImportOptionsValue } from './import/ImportOptions';
import { ImportProgress } from './import/ImportProgress';
import { ImportCounts, ImportMapping } from './import/ImportReportView';
import { kindLabels, kindListPaths, plural } from './import/import-labels';
import { RecentImports } from './import/RecentImports';
import { useImportRun } from './import/use-import-run';

interface ChosenFile {
  name: string;
  csv: string;
}

/** Members who may import; the server refuses sales reps as well. */
const importerRoles = new Set<Role>(['admin', 'marketing', 'sales_manager']);

export function ImportPage() {
  const { member } = useSession();
  if (member && !importerRoles.has(member.role)) {
    return (
      <Stack maw={720}>
        <Title order={2}>Import</Title>
        <Alert color="gray" data-testid="import-not-allowed">
          Importing is open to admins, marketing and sales managers. Ask one of them to bring in
          your file.
        </Alert>
      </Stack>
    );
  }
  return <Importer />;
}

function Importer() {
  const [options, setOptions] = useState<ImportOptionsValue>({
    kind: 'contacts',
    preset: null,
    mappingFile: null,
  });
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [imports, setImports] = useState(0);
  const { run, start } = useImportRun();

  function request(chosen: ChosenFile, opts: ImportOptionsValue, dryRun: boolean): ImportRequest {
    return {
      kind: opts.kind,
      csv: chosen.csv,
      fileName: chosen.name,
      dryRun,
      ...(opts.preset && { preset: opts.preset }),
      ...(opts.mappingFile && { mapping: opts.mappingFile.mapping }),
    };
  }

  async function pickFile(picked: File) {
    setReadError(null);
    let chosen: ChosenFile;
    try {
      chosen = { name: picked.name, csv: await picked.text() };
    } catch {
      setReadError(`Could not read ${picked.name}.`);
      return;
    }
    setFile(chosen);
    void start(request(chosen, options, true));
  }

  function changeOptions(next: ImportOptionsValue) {
    setOptions(next);
    if (file) void start(request(file, next, true));
  }

  function runImport() {
    if (!file) return;
    void start(request(file, options, false)).then((report) => {
      if (report) setImports((n) => n + 1);
    });
  }

  const running = run.status === 'running';

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Import</Title>
        <Text c="dimmed" size="sm" maw={820}>
          Bring contacts, accounts or events in from a CSV file — a HubSpot or Salesforce export, a
          Tandem export, or any file with a mapping. Contacts are matched by email and accounts by
          domain, so importing a file again updates what changed and duplicates nothing.
        </Text>
      </div>
      <Card withBorder radius="md">
        <Stack>
          <ImportOptions value={options} disabled={running} onChange={changeOptions} />
          <FileDropArea fileName={file?.name ?? null} disabled={running} onFile={pickFile} />
          {readError && <Alert color="red">{readError}</Alert>}
        </Stack>
      </Card>

      {run.status === 'running' && (
        <ImportProgress dryRun={run.dryRun} fileName={run.fileName} upload={run.upload} />
      )}
      {run.status === 'failed' && (
        <RunFailure error={run.error} onRetry={run.dryRun ? undefined : runImport} />
      )}
      {run.status === 'done' &&
        (run.report.dryRun ? (
          <DryRunResult report={run.report} onImport={runImport} />
        ) : (
          <ImportResult report={run.report} />
        ))}

      <RecentImports refresh={imports} />
    </Stack>
  );
}

function DryRunResult({ report, onImport }: { report: ImportReport; onImport(): void }) {
  const importable = Math.max(0, report.rows - report.failed);
  return (
    <Stack gap="md" data-testid="import-preview">
      <div>
        <Title order={3}>Dry run: nothing saved yet</Title>
        <Text size="sm" c="dimmed">
          {report.fileName ?? 'The file'} has {plural(report.rows, 'row')} of{' '}
          {kindLabels[report.kind].toLowerCase()}. This is what importing it would do.
        </Text>
      </div>
      <ImportCounts report={report} />
      <Group>
        <Button onClick={onImport} disabled={importable === 0} data-testid="run-import">
          Import {plural(importable, 'row')}
        </Button>
        {report.failed > 0 && (
          <Text size="sm" c="dimmed">
            {importable === 0
              ? 'Nothing to import: every row has an error.'
              : `${plural(report.failed, 'row')} with errors will be skipped; the others import.`}
          </Text>
        )}
      </Group>
      <ImportMapping report={report} />
      <ImportErrors report={report} />
    </Stack>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const list = kindListPaths[report.kind];
  return (
    <Stack gap="md" data-testid="import-result">
      <Alert color={report.failed > 0 ? 'yellow' : 'green'} title="Import finished">
        {report.fileName ?? 'The file'}: {plural(report.rows, 'row')} read,{' '}
        {plural(Math.max(0, report.rows - report.failed), 'row')} imported
        {report.failed > 0 && `, ${plural(report.failed, 'row')} skipped with errors`}.
      </Alert>
      <ImportCounts report={report} />
      <Group>
        <Button component={Link} to={list.path} variant="light" data-testid="import-open-list">
          {list.label}
        </Button>
      </Group>
      <ImportErrors report={report} />
    </Stack>
  );
}

/** A refused or failed request, in the server's words (problem details). */
function RunFailure({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <Alert color="red" title={problem?.title ?? 'The import failed'} data-testid="import-error">
      <Text size="sm" data-testid="import-error-detail">
        {problem?.detail ?? error.message}
      </Text>
      {problem?.errors && problem.errors.length > 0 && (
        <List size="sm" mt="xs">
          {problem.errors.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>
              <b>{e.field}</b>: {e.message}
            </List.Item>
          ))}
        </List>
      )}
      {onRetry && (
        <Button size="xs" mt="sm" variant="white" color="red" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
