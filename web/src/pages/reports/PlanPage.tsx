import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Plan } from '../../api/report-types';
import type { Role } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { formatMoney } from './format';
import { PlanFigures, planCsv } from './PlanFigures';
import { currentMonth, isMonth, monthLabel, planPath } from './report-query';

/** The plan API has no CSV form: the file is written from the document shown. */
const planCsvHref = (plan: Plan) =>
  `data:text/csv;charset=utf-8,${encodeURIComponent(planCsv(plan))}`;

/** Who may set the month's target: the server's `plan.manage` policy. */
const planners: Role[] = ['admin', 'marketing', 'sales_manager'];

/**
 * The shared plan (issue 7): one page both teams see — the month's revenue
 * target worked back into the deals, SQLs, MQLs and leads it needs, beside what
 * happened and the SLA's MQL quota.
 */
export function PlanPage() {
  const { member } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = isMonth(asked) ? asked : currentMonth();
  const [saved, setSaved] = useState<Plan | null>(null);
  const loaded = useApi<Plan>(planPath(month));
  const plan = saved?.month.slice(0, 7) === month ? saved : loaded.data;
  const canSet = member !== null && planners.includes(member.role);

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Plan</Title>
        <Text c="dimmed" size="sm" maw={860}>
          The month's revenue target, worked back into the deals, SQLs, MQLs and leads it takes at
          the conversion rates of the 12 months before, beside what has happened this month and the
          MQLs the SLA contract promises. Marketing and sales see the same page.
        </Text>
      </div>
      <Group align="flex-end" gap="lg">
        <TextInput
          label="Month"
          type="month"
          value={month}
          onChange={(e) => {
            const next = e.currentTarget.value;
            if (isMonth(next)) setParams({ month: next }, { replace: true });
          }}
          data-testid="plan-month"
          w={170}
        />
        {plan && (
          <Button
            component="a"
            href={planCsvHref(plan)}
            download={`plan-${month}.csv`}
            variant="default"
            data-testid="report-csv"
          >
            Download CSV
          </Button>
        )}
      </Group>
      {loaded.error && (
        <Alert color="red" title="The plan could not be loaded" data-testid="report-error">
          {loaded.error.message}
        </Alert>
      )}
      {loaded.loading && !plan && <Loader size="sm" />}
      {plan && (
        <Stack gap="lg" data-testid="report">
          <TargetCard plan={plan} canSet={canSet} onSaved={setSaved} />
          <PlanFigures plan={plan} />
        </Stack>
      )}
    </Stack>
  );
}

function TargetCard({
  plan,
  canSet,
  onSaved,
}: {
  plan: Plan;
  canSet: boolean;
  onSaved(plan: Plan): void;
}) {
  const month = plan.month.slice(0, 7);
  const [value, setValue] = useState<number | string>(plan.revenueTarget ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(plan.revenueTarget ?? ''), [plan.revenueTarget]);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await api<Plan>(`/api/v1/plan/${month}`, {
          method: 'PUT',
          body: { revenueTarget: Number(value) },
        }),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        Revenue target, {monthLabel(month)}
      </Text>
      <Text size="xl" fw={600} data-testid="plan-target">
        {plan.revenueTarget === null ? 'Not set' : formatMoney(plan.revenueTarget)}
      </Text>
      {canSet && (
        <Group align="flex-end" mt="sm">
          <NumberInput
            label="Set the target"
            min={0}
            thousandSeparator=","
            value={value}
            onChange={setValue}
            data-testid="plan-target-input"
            w={220}
          />
          <Button
            onClick={() => void save()}
            loading={busy}
            disabled={value === '' || Number(value) < 0}
            data-testid="plan-target-save"
          >
            Save target
          </Button>
        </Group>
      )}
      {error && (
        <Alert color="red" mt="sm" data-testid="plan-target-error">
          {error}
        </Alert>
      )}
    </Card>
  );
}
