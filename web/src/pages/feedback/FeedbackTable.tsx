import { Stack, Table, Text } from '@mantine/core';
import {
  type FeedbackFigures,
  type FeedbackRow,
  formatCount,
  formatMoney,
  formatRate,
  type ReasonCount,
} from './feedback-types';

/** The two most frequent reasons, by the label the definitions give them. */
function TopReasons({ reasons, testId }: { reasons: readonly ReasonCount[]; testId: string }) {
  if (reasons.length === 0) return <Text c="dimmed">–</Text>;
  return (
    <Stack gap={0} data-testid={testId}>
      {reasons.slice(0, 2).map((r) => (
        <Text key={r.code ?? '(none)'} size="xs" title={r.code ?? 'no reason code'}>
          {r.label} · {formatCount(r.count)}
        </Text>
      ))}
      {reasons.length > 2 && (
        <Text size="xs" c="dimmed">
          +{reasons.length - 2} more
        </Text>
      )}
    </Stack>
  );
}

function Figures({ f }: { f: FeedbackFigures }) {
  return (
    <>
      <Table.Td ta="right" data-testid="handed">
        {formatCount(f.handed)}
      </Table.Td>
      <Table.Td ta="right">{formatCount(f.accepted)}</Table.Td>
      <Table.Td ta="right">{formatRate(f.acceptanceRate)}</Table.Td>
      <Table.Td ta="right">{formatCount(f.sql)}</Table.Td>
      <Table.Td ta="right">{formatRate(f.sqlRate)}</Table.Td>
      <Table.Td ta="right">{formatCount(f.won)}</Table.Td>
      <Table.Td ta="right">{formatRate(f.winRate)}</Table.Td>
      <Table.Td ta="right">{formatMoney(f.revenue)}</Table.Td>
      <Table.Td ta="right">{formatCount(f.rejected)}</Table.Td>
      <Table.Td>
        <TopReasons reasons={f.rejectReasons} testId="reject-reasons" />
      </Table.Td>
      <Table.Td ta="right">{formatCount(f.lost)}</Table.Td>
      <Table.Td>
        <TopReasons reasons={f.lostReasons} testId="lost-reasons" />
      </Table.Td>
    </>
  );
}

interface Props {
  groupLabel: string;
  rows: readonly FeedbackRow[];
  totals: FeedbackFigures;
}

/** One row per group and the totals; rates are shares of the leads handed over. */
export function FeedbackTable({ groupLabel, rows, totals }: Props) {
  return (
    <Table.ScrollContainer minWidth={1300}>
      <Table striped fz="sm" data-testid="feedback-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{groupLabel}</Table.Th>
            <Table.Th ta="right">Handed</Table.Th>
            <Table.Th ta="right">Accepted</Table.Th>
            <Table.Th ta="right">Acceptance rate</Table.Th>
            <Table.Th ta="right">SQL</Table.Th>
            <Table.Th ta="right">SQL rate</Table.Th>
            <Table.Th ta="right">Won</Table.Th>
            <Table.Th ta="right">Win rate</Table.Th>
            <Table.Th ta="right">Revenue</Table.Th>
            <Table.Th ta="right">Rejected</Table.Th>
            <Table.Th miw={220}>Top reject reasons</Table.Th>
            <Table.Th ta="right">Lost</Table.Th>
            <Table.Th miw={220}>Top lost reasons</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.group} data-testid="feedback-row" data-group={r.group}>
              <Table.Td>
                <Text size="sm" c={r.group === '(none)' ? 'dimmed' : undefined}>
                  {r.label}
                </Text>
              </Table.Td>
              <Figures f={r} />
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr data-testid="feedback-totals" fw={600}>
            <Table.Td>Total</Table.Td>
            <Figures f={totals} />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
