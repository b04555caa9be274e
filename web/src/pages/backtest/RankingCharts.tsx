import { SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { LineChart } from '../../components/charts/LineChart';
import {
  type BacktestResult,
  formatCount,
  formatRate,
  modelColors,
  modelLabel,
  outcomeLabels,
} from './backtest-types';

const auc = (x: number | null) => (x === null ? '–' : x.toFixed(3));
const lift = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)}×`);

/** How well each model's score ranked the cohort: ROC curve with its AUC, gains and lift. */
export function RankingCharts({ result }: { result: BacktestResult }) {
  const { models } = result;
  const outcome = outcomeLabels[result.outcome];
  return (
    <Stack gap="xs" data-testid="backtest-ranking">
      <Title order={4}>Ranking</Title>
      <Text size="sm" c="dimmed">
        Each contact's score when sales got it (or at the period's end if it never did), against
        whether it reached {outcome}: the higher the curve, the better the score picks the contacts
        that convert.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <LineChart
          title={`ROC curve of each model's score against reaching ${outcome}`}
          testId="roc-chart"
          xLabel="False positive rate"
          yLabel="True positive rate"
          xMax={1}
          yMax={1}
          diagonal="Chance (AUC 0.5)"
          format={(x) => x.toFixed(1)}
          series={models.map((m, i) => ({
            key: m.key,
            label: `${modelLabel(m.model)}: AUC ${auc(m.ranking.auc)}`,
            color: modelColors[i]!,
            points: m.ranking.roc.map((p) => ({ x: p.fpr, y: p.tpr })),
          }))}
        />
        <LineChart
          title={`Cumulative gains of each model against reaching ${outcome}`}
          testId="gains-chart"
          xLabel="Contacts taken, best scores first"
          yLabel={`Share of all ${outcome}`}
          xMax={1}
          yMax={1}
          diagonal="Random order"
          format={(x) => formatRate(x)}
          series={models.map((m, i) => ({
            key: m.key,
            label: `${modelLabel(m.model)}: top 10% lift ${lift(m.ranking.topDecileLift)}`,
            color: modelColors[i]!,
            points: [
              { x: 0, y: 0 },
              ...m.ranking.gains.map((g) => ({ x: g.share, y: g.captured })),
            ],
          }))}
        />
      </SimpleGrid>
      <Table.ScrollContainer minWidth={720}>
        <Table striped fz="sm" data-testid="ranking-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Model</Table.Th>
              <Table.Th ta="right">ROC AUC</Table.Th>
              <Table.Th ta="right">Reached {outcome}</Table.Th>
              {[10, 20, 30, 50].map((p) => (
                <Table.Th key={p} ta="right">
                  Lift, top {p}%
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {models.map((m) => (
              <Table.Tr key={m.key} data-testid="ranking-row" data-model={m.key}>
                <Table.Td>{modelLabel(m.model)}</Table.Td>
                <Table.Td ta="right" data-testid="ranking-auc">
                  {auc(m.ranking.auc)}
                </Table.Td>
                <Table.Td ta="right">
                  {formatCount(m.ranking.positives)} of{' '}
                  {formatCount(m.ranking.positives + m.ranking.negatives)}
                </Table.Td>
                {[0, 1, 2, 4].map((d) => (
                  <Table.Td key={d} ta="right">
                    {lift(m.ranking.gains[d]?.lift ?? null)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
