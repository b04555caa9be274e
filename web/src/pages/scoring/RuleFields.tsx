import {
  ActionIcon,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { EngagementRule, Predicate, WindowCap } from '../../api/scoring-types';
import { at, useProblem } from './model-problems';
import { numberOrUndefined } from './optional-number';
import { PredicateEditor } from './PredicateEditor';
import { emptyPredicate, eventTypeSuggestions } from './predicate-ops';

interface RuleBase {
  id: string;
  label: string;
  points: number;
}

/** Label, points and id: what every rule has. */
export function RuleHeader<T extends RuleBase>({
  rule,
  path,
  onChange,
  onRemove,
  pointsHint,
}: {
  rule: T;
  path: string;
  onChange(next: T): void;
  onRemove(): void;
  pointsHint: string;
}) {
  return (
    <Group gap="xs" align="start" wrap="nowrap">
      <TextInput
        label="Label"
        style={{ flex: 1 }}
        value={rule.label ?? ''}
        error={useProblem(at(path, 'label'))}
        onChange={(e) => onChange({ ...rule, label: e.currentTarget.value })}
      />
      <NumberInput
        label="Points"
        description={pointsHint}
        w={150}
        decimalScale={4}
        value={rule.points ?? ''}
        error={useProblem(at(path, 'points'))}
        data-testid="rule-points"
        onChange={(v) => onChange({ ...rule, points: numberOrUndefined(v) as number })}
      />
      <TextInput
        label="Id"
        description="stable across versions"
        w={190}
        styles={{ input: { fontFamily: 'monospace' } }}
        value={rule.id ?? ''}
        error={useProblem(at(path, 'id'))}
        onChange={(e) => onChange({ ...rule, id: e.currentTarget.value })}
      />
      <ActionIcon
        data-edit-only
        mt={28}
        variant="subtle"
        color="red"
        aria-label={`Remove rule ${rule.label}`}
        onClick={onRemove}
      >
        ×
      </ActionIcon>
    </Group>
  );
}

/** Conditions on an event, all of which must hold. */
export function FiltersEditor({
  filters,
  path,
  onChange,
}: {
  filters: Predicate[] | undefined;
  path: string;
  onChange(next: Predicate[] | undefined): void;
}) {
  const list = Array.isArray(filters) ? filters : [];
  const problem = useProblem(at(path, 'filters'));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Only events where{' '}
        <Text span c="dimmed" size="xs">
          (all must hold; none: every event of the type counts)
        </Text>
      </Text>
      {list.map((f, i) => (
        <PredicateEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: filters have no identity of their own
          key={i}
          value={f}
          scope="event"
          path={at(at(path, 'filters'), i)}
          onChange={(next) => onChange(list.map((g, j) => (j === i ? next : g)))}
          onRemove={() => {
            const rest = list.filter((_, j) => j !== i);
            onChange(rest.length > 0 ? rest : undefined);
          }}
        />
      ))}
      <Button
        data-edit-only
        size="compact-xs"
        variant="subtle"
        w="fit-content"
        onClick={() => onChange([...list, emptyPredicate('event')])}
      >
        + Filter
      </Button>
      {problem && (
        <Text size="xs" c="red">
          {problem}
        </Text>
      )}
    </Stack>
  );
}

type EventPart = Pick<EngagementRule, 'eventType' | 'filters' | 'cap'>;

/** Which events earn the points, and how many points a window may hold at most. */
export function EngagementFields<T extends EventPart>({
  rule,
  path,
  onChange,
}: {
  rule: T;
  path: string;
  onChange(next: T): void;
}) {
  const capPath = at(path, 'cap');
  const capProblem = useProblem(capPath);
  const capPointsProblem = useProblem(at(capPath, 'points'));
  const capDaysProblem = useProblem(at(capPath, 'days'));
  const setCap = (cap: WindowCap | undefined) => {
    const { cap: _drop, ...rest } = rule;
    onChange((cap ? { ...rest, cap } : rest) as T);
  };
  return (
    <Stack gap="xs">
      <Autocomplete
        label="Event type"
        w={260}
        data={eventTypeSuggestions}
        value={rule.eventType ?? ''}
        error={useProblem(at(path, 'eventType'))}
        onChange={(eventType) => onChange({ ...rule, eventType })}
      />
      <FiltersEditor
        filters={rule.filters}
        path={path}
        onChange={(filters) => {
          const { filters: _drop, ...rest } = rule;
          onChange((filters ? { ...rest, filters } : rest) as T);
        }}
      />
      <Group gap="xs" align="start">
        <Checkbox
          mt={8}
          label="Cap"
          checked={rule.cap !== undefined}
          onChange={(e) => setCap(e.currentTarget.checked ? { points: 10, days: 7 } : undefined)}
        />
        {rule.cap && (
          <>
            <Text size="sm" mt={6}>
              at most
            </Text>
            <NumberInput
              aria-label="Cap points"
              w={110}
              value={rule.cap.points ?? ''}
              error={capPointsProblem}
              onChange={(v) => setCap({ ...rule.cap!, points: numberOrUndefined(v) as number })}
            />
            <Text size="sm" mt={6}>
              points per
            </Text>
            <NumberInput
              aria-label="Cap days"
              w={90}
              value={rule.cap.days ?? ''}
              error={capDaysProblem}
              onChange={(v) => setCap({ ...rule.cap!, days: numberOrUndefined(v) as number })}
            />
            <Text size="sm" mt={6}>
              days (windows from Monday 00:00 UTC)
            </Text>
          </>
        )}
      </Group>
      {capProblem && (
        <Text size="xs" c="red">
          {capProblem}
        </Text>
      )}
    </Stack>
  );
}
