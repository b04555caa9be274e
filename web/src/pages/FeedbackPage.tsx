import { Alert, Loader, Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../api/use-api';
import { FeedbackChart } from './feedback/FeedbackChart';
import { FeedbackControls } from './feedback/FeedbackControls';
import { FeedbackTable } from './feedback/FeedbackTable';
import {
  type FeedbackQuery,
  formatCount,
  formatMoney,
  formatRate,
  groupByLabels,
  paramsOf,
  periodLabel,
  queryOf,
  reportPath,
  type SourceQualityReport,
} from './feedback/feedback-types';

/**
 * Feedback to marketing (issue 5): what sales did with the leads each source,
 * medium, campaign or persona sent — accepted, qualified, won and for how much,
 * and why the rest were rejected or lost. The choices live in the URL, so a
 * view can be shared as a link.
 */
export function FeedbackPage() {
  const [params, setParams] = useSearchParams();
  const q = queryOf(params);
  const report = useApi<SourceQualityReport>(reportPath(q));
  const change = (next: FeedbackQuery) => setParams(paramsOf(next), { replace: true });
  const r = report.data;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Feedback</Title>
        <Text c="dimmed" size="sm" maw={820}>
          The leads marketing handed to sales (the first time each entered MQL, PQL or CQL in the
          period) and what sales recorded for them since: accepted, SQL, won and the amount, and the
          reason codes of those rejected or lost. Rates are shares of the leads handed over.
        </Text>
      </div>
      <FeedbackControls value={q} onChange={change} />
      {report.error && (
        <Alert color="red" title="The report could not be loaded" data-testid="feedback-error">
          {report.error.message}
        </Alert>
      )}
      {report.loading && !r && <Loader size="sm" />}
      {r && (
        <Stack gap="lg" data-testid="feedback-report" style={{ opacity: report.loading ? 0.6 : 1 }}>
          <Alert color="blue" variant="light" title={periodLabel(r.period)}>
            <Text size="sm" data-testid="feedback-summary">
              {r.totals.handed === 0
                ? 'No lead was handed to sales in this period.'
                : `${formatCount(r.totals.handed)} leads handed to sales: ${formatRate(r.totals.acceptanceRate)} accepted, ${formatRate(r.totals.sqlRate)} reached SQL, ${formatRate(r.totals.winRate)} won (${formatMoney(r.totals.revenue)} in revenue); ${formatCount(r.totals.rejected)} rejected, ${formatCount(r.totals.lost)} lost.`}
            </Text>
          </Alert>
          {r.rows.length > 0 && <FeedbackChart rows={r.rows} />}
          {r.rows.length > 0 && (
            <FeedbackTable
              groupLabel={
                r.groupBy === 'persona'
                  ? 'Persona'
                  : `${groupByLabels[r.groupBy]} (${r.touch} touch)`
              }
              rows={r.rows}
              totals={r.totals}
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}
