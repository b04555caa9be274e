import { Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import type { ScoringModel } from '../../api/scoring-types';
import { useProblem } from './model-problems';
import { numberOrUndefined } from './optional-number';

type Part = Pick<ScoringModel, 'halfLifeDays' | 'bands'>;

export function DecayAndBandsFields({
  value,
  onChange,
}: {
  value: Part;
  onChange(next: Part): void;
}) {
  const bands = value.bands ?? { warm: 0, hot: 0 };
  const bandsProblem = useProblem('bands');
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={5}>Decay</Title>
        <Text size="sm" c="dimmed">
          Engagement points halve every half-life: with 30 days, a visit from a month ago counts
          half as much as one today. Fit points do not decay.
        </Text>
        <NumberInput
          label="Half-life (days)"
          w={180}
          min={1}
          value={value.halfLifeDays ?? ''}
          error={useProblem('halfLifeDays')}
          data-testid="half-life"
          onChange={(v) => onChange({ ...value, halfLifeDays: numberOrUndefined(v) as number })}
        />
      </Stack>
      <Stack gap="xs">
        <Title order={5}>Bands</Title>
        <Text size="sm" c="dimmed">
          On the total score: cold below warm, warm from warm, hot from hot (inclusive).
        </Text>
        <Group align="start">
          <NumberInput
            label="Warm from"
            w={160}
            value={bands.warm ?? ''}
            error={useProblem('bands/warm')}
            onChange={(v) =>
              onChange({ ...value, bands: { ...bands, warm: numberOrUndefined(v) as number } })
            }
          />
          <NumberInput
            label="Hot from"
            w={160}
            value={bands.hot ?? ''}
            error={useProblem('bands/hot')}
            onChange={(v) =>
              onChange({ ...value, bands: { ...bands, hot: numberOrUndefined(v) as number } })
            }
          />
        </Group>
        {bandsProblem && (
          <Text size="xs" c="red">
            {bandsProblem}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
