import { Alert, Anchor, Card, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { ModelVersion } from '../api/scoring-types';
import { useApi } from '../api/use-api';
import {
  BacktestForm,
  type BacktestFormValue,
  initialFormValue,
  requestOf,
} from './backtest/BacktestForm';
import { BandRates } from './backtest/BandRates';
import { type BacktestResult, formatCount, modelLabel } from './backtest/backtest-types';
import { QualifiedByMonth } from './backtest/QualifiedByMonth';
import { RankingCharts } from './backtest/RankingCharts';
import { useBacktestRun } from './backtest/use-backtest-run';

/**
 * Replays a draft (or any version, or pasted JSON) over the workspace's history
 * beside the active model, before anyone switches it on (issue 4). `?model=<id>`
 * preselects the version to test.
 */
export function BacktestPage() {
  const [params] = useSearchParams();
  const versions = useApi<{ items: ModelVersion[] }>('/api/v1/scoring/models');
  const [form, setForm] = useState<BacktestFormValue | null>(null);
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const { run, start } = useBacktestRun();
  const items = versions.data?.items ?? [];

  // The form starts once the versions are known, or without them if they cannot be listed.
  useEffect(() => {
    if (form || versions.loading) return;
    setForm(initialFormValue(versions.data?.items ?? [], params.get('model')));
  }, [form, versions.loading, versions.data, params]);

  function runBacktest() {
    if (!form) return;
    const request = requestOf(form);
    if ('problem' in request) {
      setFormProblem(request.problem);
      return;
    }
    setFormProblem(null);
    void start(request);
  }

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Backtest</Title>
        <Text c="dimmed" size="sm" maw={820}>
          See what a model would have done with your own history before you activate it: how many
          leads it would have qualified each month against the SLA quota, how those leads converted
          by band, and how well its score ranks the ones that became SQLs — side by side with the
          model in force. Back to{' '}
          <Anchor component={Link} to="/scoring">
            Scoring
          </Anchor>
          .
        </Text>
      </div>
      <Card withBorder radius="md">
        {versions.error && (
          <Alert color="yellow" mb="sm" data-testid="backtest-versions-error">
            The saved versions could not be listed ({versions.error.message}); paste a model as JSON
            instead.
          </Alert>
        )}
        {form ? (
          <BacktestForm
            value={form}
            versions={items}
            running={run.status === 'running'}
            onChange={setForm}
            onRun={runBacktest}
          />
        ) : (
          <Loader size="sm" />
        )}
        {formProblem && (
          <Alert color="red" mt="sm" data-testid="backtest-form-problem">
            {formProblem}
          </Alert>
        )}
      </Card>

      {run.status === 'running' && (
        <Text size="sm" c="dimmed" data-testid="backtest-running">
          <Loader size="xs" mr="xs" />
          Replaying every contact's history…
        </Text>
      )}
      {run.status === 'failed' && <RunFailure error={run.error} />}
      {run.status === 'done' && <BacktestReport result={run.result} />}
    </Stack>
  );
}

function BacktestReport({ result }: { result: BacktestResult }) {
  const [candidate, baseline] = result.models;
  return (
    <Stack gap="xl" data-testid="backtest-result">
      <Alert color="blue" variant="light" title={`${result.period.from} to ${result.period.to}`}>
        <Text size="sm" data-testid="backtest-summary">
          {modelLabel(candidate!.model)}
          {baseline ? ` beside ${modelLabel(baseline.model)}` : ''}: {formatCount(result.contacts)}{' '}
          contacts known, {formatCount(result.cohort)} handed to sales in the period or never. The
          model under test qualifies {formatCount(candidate!.qualified)}
          {baseline ? ` (the other ${formatCount(baseline.qualified)})` : ''} in the period; the
          quota asks for {formatCount(result.quota.perMonth * result.period.months.length)}.
        </Text>
      </Alert>
      <QualifiedByMonth result={result} />
      <BandRates result={result} />
      <RankingCharts result={result} />
    </Stack>
  );
}

function RunFailure({ error }: { error: Error }) {
  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <Alert color="red" title={problem?.title ?? 'The backtest failed'} data-testid="backtest-error">
      <Text size="sm">{problem?.detail ?? error.message}</Text>
      {problem?.errors && problem.errors.length > 0 && (
        <List size="sm" mt="xs">
          {problem.errors.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>
              <b>{e.field}</b>: {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
