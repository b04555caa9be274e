import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { ModelVersion } from '../../api/scoring-types';
import { type BacktestRequest, type OutcomeStage, outcomeLabels } from './backtest-types';

export interface BacktestFormValue {
  source: 'version' | 'json';
  modelId: string | null;
  json: string;
  /** 'active', 'none' or a version id. */
  compareWith: string;
  /** YYYY-MM or '' for the default. */
  from: string;
  to: string;
  quotaPerRep: number;
  outcome: OutcomeStage;
}

export function initialFormValue(
  versions: readonly ModelVersion[],
  preferred: string | null,
): BacktestFormValue {
  // The version asked for, else the newest draft (what a backtest is for), else the active one.
  const chosen =
    versions.find((v) => v.id === preferred) ??
    versions.find((v) => v.status === 'draft') ??
    versions.find((v) => v.status === 'active') ??
    null;
  return {
    source: chosen ? 'version' : 'json',
    modelId: chosen?.id ?? null,
    json: '',
    compareWith: 'active',
    from: '',
    to: '',
    quotaPerRep: 5,
    outcome: 'sql',
  };
}

/** The request for the form as it stands, or what stops it being sent. */
export function requestOf(value: BacktestFormValue): BacktestRequest | { problem: string } {
  const shared: BacktestRequest = {
    compareWith: value.compareWith,
    quotaPerRep: value.quotaPerRep,
    outcome: value.outcome,
    ...(value.from && { from: value.from }),
    ...(value.to && { to: value.to }),
  };
  if (value.source === 'version') {
    if (!value.modelId) return { problem: 'Choose the version to test.' };
    return { ...shared, modelId: value.modelId };
  }
  if (value.json.trim() === '') return { problem: 'Paste a model document (JSON).' };
  try {
    return { ...shared, document: JSON.parse(value.json) };
  } catch (error) {
    return { problem: `The model is not valid JSON: ${(error as Error).message}` };
  }
}

function versionLabel(v: ModelVersion): string {
  return `v${v.version} · ${v.name} (${v.status})`;
}

interface Props {
  value: BacktestFormValue;
  versions: readonly ModelVersion[];
  running: boolean;
  onChange(value: BacktestFormValue): void;
  onRun(): void;
}

export function BacktestForm({ value, versions, running, onChange, onRun }: Props) {
  const set = <K extends keyof BacktestFormValue>(key: K, v: BacktestFormValue[K]) =>
    onChange({ ...value, [key]: v });
  const versionOptions = versions.map((v) => ({ value: v.id, label: versionLabel(v) }));

  return (
    <Stack>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Model to test
        </Text>
        <SegmentedControl
          w="fit-content"
          value={value.source}
          onChange={(s) => set('source', s as BacktestFormValue['source'])}
          data={[
            { value: 'version', label: 'A saved version' },
            { value: 'json', label: 'Paste JSON' },
          ]}
          data-testid="backtest-source"
        />
        {value.source === 'version' ? (
          <Select
            aria-label="Version to test"
            data={versionOptions}
            value={value.modelId}
            onChange={(id) => set('modelId', id)}
            allowDeselect={false}
            placeholder={versions.length === 0 ? 'No saved versions' : 'Choose a version'}
            maw={480}
            data-testid="backtest-model"
          />
        ) : (
          <Textarea
            aria-label="Model document (JSON)"
            placeholder='{ "halfLifeDays": 30, "fit": [...], ... }'
            value={value.json}
            onChange={(e) => set('json', e.currentTarget.value)}
            autosize
            minRows={6}
            maxRows={16}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            data-testid="backtest-json"
          />
        )}
      </Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }}>
        <Select
          label="Compare with"
          data={[
            { value: 'active', label: 'The active version' },
            ...versionOptions,
            { value: 'none', label: 'Nothing' },
          ]}
          value={value.compareWith}
          onChange={(v) => set('compareWith', v ?? 'active')}
          allowDeselect={false}
          data-testid="backtest-compare"
        />
        <TextInput
          label="From month"
          type="month"
          description="Empty: 12 months back"
          value={value.from}
          onChange={(e) => set('from', e.currentTarget.value)}
          data-testid="backtest-from"
        />
        <TextInput
          label="To month"
          type="month"
          description="Empty: this month"
          value={value.to}
          onChange={(e) => set('to', e.currentTarget.value)}
          data-testid="backtest-to"
        />
        <NumberInput
          label="MQL quota per rep"
          description="a month, from the SLA"
          min={0}
          max={10_000}
          value={value.quotaPerRep}
          onChange={(n) => set('quotaPerRep', typeof n === 'number' ? n : 0)}
          data-testid="backtest-quota"
        />
        <Select
          label="Ranked against"
          description="reaching this stage"
          data={(Object.keys(outcomeLabels) as OutcomeStage[]).map((s) => ({
            value: s,
            label: outcomeLabels[s],
          }))}
          value={value.outcome}
          onChange={(s) => set('outcome', (s ?? 'sql') as OutcomeStage)}
          allowDeselect={false}
          data-testid="backtest-outcome"
        />
      </SimpleGrid>
      <Group>
        <Button onClick={onRun} loading={running} data-testid="run-backtest">
          Run backtest
        </Button>
        <Text size="xs" c="dimmed" maw={640}>
          Replays the stored events of every contact through the model, month by month. Nothing is
          saved; a large workspace takes a while.
        </Text>
      </Group>
    </Stack>
  );
}
