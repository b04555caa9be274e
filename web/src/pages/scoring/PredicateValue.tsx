import { Group, NumberInput, TagsInput, Text, TextInput } from '@mantine/core';
import type { Predicate } from '../../api/scoring-types';
import { at, useProblem, useProblemsUnder } from './model-problems';
import { numberOrUndefined, withOptional } from './optional-number';
import { numericFields, scalarsOf } from './predicate-ops';

type LeafPredicate = Exclude<Predicate, { op: 'all' | 'any' | 'not' }>;

/** The value side of a condition: a value, a list, a range, a pattern or personas. */
export function PredicateValue({
  value,
  onChange,
  path,
}: {
  value: LeafPredicate;
  onChange(next: Predicate): void;
  path: string;
}) {
  const valueProblem = useProblem(at(path, 'value'));
  const valuesProblem = useProblemsUnder(at(path, 'values'));
  const minProblem = useProblem(at(path, 'min'));
  const maxProblem = useProblem(at(path, 'max'));
  const patternProblem = useProblem(at(path, 'pattern'));
  const personasProblem = useProblemsUnder(at(path, 'personas'));
  const numeric = 'field' in value && numericFields.has(value.field);

  switch (value.op) {
    case 'equals':
      return numeric || typeof value.value === 'number' ? (
        <NumberInput
          aria-label="Value"
          w={160}
          value={typeof value.value === 'number' ? value.value : ''}
          error={valueProblem}
          onChange={(v) => onChange({ ...value, value: numberOrUndefined(v) ?? '' })}
        />
      ) : (
        <TextInput
          aria-label="Value"
          w={200}
          value={String(value.value ?? '')}
          error={valueProblem}
          onChange={(e) => onChange({ ...value, value: e.currentTarget.value })}
        />
      );
    case 'contains':
      return (
        <TextInput
          aria-label="Value"
          w={200}
          value={value.value ?? ''}
          error={valueProblem}
          onChange={(e) => onChange({ ...value, value: e.currentTarget.value })}
        />
      );
    case 'in': {
      const values = Array.isArray(value.values) ? value.values : [];
      const keepNumbers = numeric || values.some((v) => typeof v === 'number');
      return (
        <TagsInput
          aria-label="Values"
          placeholder="type, then Enter"
          miw={260}
          maw={480}
          value={values.map(String)}
          error={valuesProblem}
          onChange={(tags) => onChange({ ...value, values: scalarsOf(tags, keepNumbers) })}
        />
      );
    }
    case 'range':
      return (
        <Group gap={6} align="start">
          <NumberInput
            aria-label="Minimum"
            placeholder="min"
            w={120}
            value={value.min ?? ''}
            error={minProblem}
            onChange={(v) => onChange(withOptional(value, 'min', numberOrUndefined(v)))}
          />
          <Text mt={6} size="sm">
            and
          </Text>
          <NumberInput
            aria-label="Maximum"
            placeholder="max"
            w={120}
            value={value.max ?? ''}
            error={maxProblem}
            onChange={(v) => onChange(withOptional(value, 'max', numberOrUndefined(v)))}
          />
        </Group>
      );
    case 'regex':
      return (
        <TextInput
          aria-label="Pattern"
          w={260}
          ff="monospace"
          value={value.pattern ?? ''}
          error={patternProblem}
          onChange={(e) => onChange({ ...value, pattern: e.currentTarget.value })}
        />
      );
    case 'persona':
      return (
        <TagsInput
          aria-label="Personas"
          placeholder="persona keys"
          miw={260}
          value={Array.isArray(value.personas) ? value.personas : []}
          error={personasProblem}
          onChange={(personas) => onChange({ ...value, personas })}
        />
      );
    case 'exists':
      return null;
  }
}
