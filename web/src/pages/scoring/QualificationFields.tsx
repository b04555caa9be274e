import {
  ActionIcon,
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import type { ActivityCondition, RouteCriteria, ScoringModel } from '../../api/scoring-types';
import { at, useProblem, useProblemsUnder } from './model-problems';
import { numberOrUndefined, withOptional } from './optional-number';
import { eventTypeSuggestions } from './predicate-ops';
import { FiltersEditor } from './RuleFields';

type Qualification = ScoringModel['qualification'];

export function QualificationFields({
  value,
  onChange,
}: {
  value: Qualification;
  onChange(next: Qualification): void;
}) {
  const mql = value.mql ?? { minTotal: 0 };
  const mqlPath = 'qualification/mql';
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={5}>MQL: marketing qualified</Title>
        <Text size="sm" c="dimmed">
          Every threshold set here must be reached (inclusive). Leave fit or engagement empty to
          judge by the total alone.
        </Text>
        <Group align="start">
          <NumberInput
            label="Total at least"
            w={160}
            value={mql.minTotal ?? ''}
            error={useProblem(at(mqlPath, 'minTotal'))}
            data-testid="mql-min-total"
            onChange={(v) =>
              onChange({ ...value, mql: { ...mql, minTotal: numberOrUndefined(v) as number } })
            }
          />
          <NumberInput
            label="Fit at least"
            w={160}
            value={mql.minFit ?? ''}
            error={useProblem(at(mqlPath, 'minFit'))}
            onChange={(v) =>
              onChange({ ...value, mql: withOptional(mql, 'minFit', numberOrUndefined(v)) })
            }
          />
          <NumberInput
            label="Engagement at least"
            w={180}
            value={mql.minEngagement ?? ''}
            error={useProblem(at(mqlPath, 'minEngagement'))}
            onChange={(v) =>
              onChange({
                ...value,
                mql: withOptional(mql, 'minEngagement', numberOrUndefined(v)),
              })
            }
          />
        </Group>
      </Stack>
      <RouteFields
        routeKey="pql"
        title="PQL: product qualified"
        hint="Product use, e.g. signed up and used features."
        value={value}
        onChange={onChange}
      />
      <RouteFields
        routeKey="cql"
        title="CQL: conversation qualified"
        hint="Conversations, e.g. started a chat."
        value={value}
        onChange={onChange}
      />
    </Stack>
  );
}

const newCondition = (routeKey: 'pql' | 'cql'): ActivityCondition => ({
  eventTypes: [routeKey === 'pql' ? 'feature_used' : 'chat_started'],
  minOccurrences: 1,
  withinDays: 7,
});

function RouteFields({
  routeKey,
  title,
  hint,
  value,
  onChange,
}: {
  routeKey: 'pql' | 'cql';
  title: string;
  hint: string;
  value: Qualification;
  onChange(next: Qualification): void;
}) {
  const route = value[routeKey];
  const path = at('qualification', routeKey);
  const problem = useProblem(path);
  const conditionsProblem = useProblem(at(path, 'conditions'));
  const minFitProblem = useProblem(at(path, 'minFit'));
  const setRoute = (next: RouteCriteria | undefined) => {
    const { [routeKey]: _drop, ...rest } = value;
    onChange(next ? { ...rest, [routeKey]: next } : (rest as Qualification));
  };
  const conditions = Array.isArray(route?.conditions) ? route.conditions : [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={5}>{title}</Title>
        <Box data-edit-only>
          <Switch
            label="Used"
            checked={route !== undefined}
            onChange={(e) =>
              setRoute(
                e.currentTarget.checked ? { conditions: [newCondition(routeKey)] } : undefined,
              )
            }
          />
        </Box>
      </Group>
      <Text size="sm" c="dimmed">
        {route
          ? `${hint} Every condition must hold, counting matching events in the last N days.`
          : 'Not used: nobody qualifies by this route.'}
      </Text>
      {problem && (
        <Text size="xs" c="red">
          {problem}
        </Text>
      )}
      {route && (
        <>
          {conditions.map((c, i) => (
            <ConditionFields
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
              key={i}
              value={c}
              path={at(at(path, 'conditions'), i)}
              onChange={(next) =>
                setRoute({ ...route, conditions: conditions.map((d, j) => (j === i ? next : d)) })
              }
              onRemove={() =>
                setRoute({ ...route, conditions: conditions.filter((_, j) => j !== i) })
              }
            />
          ))}
          {conditionsProblem && (
            <Text size="xs" c="red">
              {conditionsProblem}
            </Text>
          )}
          <Group align="end">
            <Button
              data-edit-only
              variant="light"
              size="xs"
              onClick={() =>
                setRoute({ ...route, conditions: [...conditions, newCondition(routeKey)] })
              }
            >
              + Condition
            </Button>
            <NumberInput
              label="and fit at least (optional)"
              w={200}
              value={route.minFit ?? ''}
              error={minFitProblem}
              onChange={(v) => setRoute(withOptional(route, 'minFit', numberOrUndefined(v)))}
            />
          </Group>
        </>
      )}
    </Stack>
  );
}

function ConditionFields({
  value,
  path,
  onChange,
  onRemove,
}: {
  value: ActivityCondition;
  path: string;
  onChange(next: ActivityCondition): void;
  onRemove(): void;
}) {
  return (
    <Paper withBorder p="sm">
      <Group align="start" wrap="nowrap">
        <TagsInput
          label="Event types"
          style={{ flex: 1 }}
          data={eventTypeSuggestions}
          value={Array.isArray(value.eventTypes) ? value.eventTypes : []}
          error={useProblemsUnder(at(path, 'eventTypes'))}
          onChange={(eventTypes) => onChange({ ...value, eventTypes })}
        />
        <NumberInput
          label="At least"
          description="occurrences"
          w={110}
          min={1}
          value={value.minOccurrences ?? ''}
          error={useProblem(at(path, 'minOccurrences'))}
          onChange={(v) => onChange({ ...value, minOccurrences: numberOrUndefined(v) as number })}
        />
        <NumberInput
          label="Within"
          description="days"
          w={110}
          value={value.withinDays ?? ''}
          error={useProblem(at(path, 'withinDays'))}
          onChange={(v) => onChange({ ...value, withinDays: numberOrUndefined(v) as number })}
        />
        <ActionIcon
          data-edit-only
          mt={46}
          variant="subtle"
          color="red"
          aria-label="Remove condition"
          onClick={onRemove}
        >
          ×
        </ActionIcon>
      </Group>
      <Stack mt="xs">
        <FiltersEditor
          filters={value.filters}
          path={path}
          onChange={(filters) => {
            const { filters: _drop, ...rest } = value;
            onChange(filters ? { ...rest, filters } : rest);
          }}
        />
      </Stack>
    </Paper>
  );
}
