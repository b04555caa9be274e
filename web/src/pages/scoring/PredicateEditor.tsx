import {
  ActionIcon,
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import type { Predicate, PredicateScope } from '../../api/scoring-types';
import { at, useProblem } from './model-problems';
import { PredicateValue } from './PredicateValue';
import {
  convertPredicate,
  emptyPredicate,
  fieldSuggestions,
  isPredicateOp,
  opLabels,
  opsFor,
} from './predicate-ops';

interface Props {
  value: Predicate;
  onChange(next: Predicate): void;
  /** Path of this predicate in the document, to find its problems. */
  path: string;
  scope: PredicateScope;
  onRemove?(): void;
}

/** One condition of a rule; all / any / not hold further conditions, edited the same way. */
export function PredicateEditor({ value, onChange, path, scope, onRemove }: Props) {
  const problem = useProblem(path);
  const opProblem = useProblem(at(path, 'op'));
  if (typeof value !== 'object' || value === null || !isPredicateOp(value.op)) {
    return (
      <Alert color="orange" data-testid="predicate-unreadable">
        This condition is not one the form knows ({problem ?? opProblem ?? 'unknown operator'});
        edit it in the JSON tab.
      </Alert>
    );
  }
  const opSelect = (
    <Select
      aria-label="Condition"
      w={160}
      allowDeselect={false}
      data={opsFor(scope).map((op) => ({ value: op, label: opLabels[op] }))}
      value={value.op}
      error={opProblem}
      onChange={(op) => isPredicateOp(op) && onChange(convertPredicate(value, op))}
    />
  );
  const remove = onRemove && (
    <ActionIcon
      data-edit-only
      variant="subtle"
      color="gray"
      aria-label="Remove condition"
      onClick={onRemove}
    >
      ×
    </ActionIcon>
  );

  if (value.op === 'all' || value.op === 'any' || value.op === 'not') {
    const children = value.op === 'not' ? [value.predicate] : value.predicates;
    const childPath = (i: number) =>
      value.op === 'not' ? at(path, 'predicate') : at(at(path, 'predicates'), i);
    const setChild = (i: number, child: Predicate) =>
      onChange(
        value.op === 'not'
          ? { op: 'not', predicate: child }
          : { op: value.op, predicates: value.predicates.map((p, j) => (j === i ? child : p)) },
      );
    return (
      <Stack gap={6}>
        <Group gap="xs" align="start">
          {opSelect}
          {remove}
        </Group>
        <Paper withBorder p="xs" ml="md" data-testid="predicate-group">
          <Stack gap={6}>
            {(Array.isArray(children) ? children : []).map((child, i) => (
              <PredicateEditor
                // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
                key={i}
                value={child}
                path={childPath(i)}
                scope={scope}
                onChange={(next) => setChild(i, next)}
                onRemove={
                  value.op === 'not' || value.predicates.length <= 1
                    ? undefined
                    : () =>
                        onChange({
                          op: value.op,
                          predicates: value.predicates.filter((_, j) => j !== i),
                        })
                }
              />
            ))}
            {value.op !== 'not' && (
              <Button
                data-edit-only
                size="compact-xs"
                variant="subtle"
                w="fit-content"
                onClick={() =>
                  onChange({
                    op: value.op,
                    predicates: [...value.predicates, emptyPredicate(scope)],
                  })
                }
              >
                + Condition
              </Button>
            )}
            <ProblemLine path={at(path, 'predicates')} />
          </Stack>
        </Paper>
      </Stack>
    );
  }

  return (
    <Stack gap={4}>
      <Group gap="xs" align="start" wrap="wrap">
        {value.op !== 'persona' && (
          <FieldInput value={value} onChange={onChange} path={path} scope={scope} />
        )}
        {opSelect}
        <PredicateValue value={value} onChange={onChange} path={path} />
        {'caseSensitive' in value || ['equals', 'in', 'contains', 'regex'].includes(value.op) ? (
          <Checkbox
            mt={8}
            size="xs"
            label="Match case"
            checked={'caseSensitive' in value && value.caseSensitive === true}
            onChange={(e) => {
              const { caseSensitive: _drop, ...rest } = value as Predicate & {
                caseSensitive?: boolean;
              };
              onChange(
                (e.currentTarget.checked ? { ...rest, caseSensitive: true } : rest) as Predicate,
              );
            }}
          />
        ) : null}
        {remove}
      </Group>
      {problem && (
        <Text size="xs" c="red">
          {problem}
        </Text>
      )}
    </Stack>
  );
}

function ProblemLine({ path }: { path: string }) {
  const problem = useProblem(path);
  return problem ? (
    <Text size="xs" c="red">
      {problem}
    </Text>
  ) : null;
}

type FieldPredicate = Extract<Predicate, { field: string }>;

function FieldInput({
  value,
  onChange,
  path,
  scope,
}: {
  value: FieldPredicate;
  onChange(next: Predicate): void;
  path: string;
  scope: PredicateScope;
}) {
  return (
    <Autocomplete
      aria-label="Field"
      placeholder="field"
      w={220}
      data={fieldSuggestions[scope]}
      value={value.field ?? ''}
      error={useProblem(at(path, 'field'))}
      onChange={(field) => onChange({ ...value, field })}
    />
  );
}
