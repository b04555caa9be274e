import { Button, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { EngagementRule, FitRule, NegativeRule } from '../../api/scoring-types';
import { at, useProblem } from './model-problems';
import { PredicateEditor } from './PredicateEditor';
import { emptyPredicate } from './predicate-ops';
import { EngagementFields, RuleHeader } from './RuleFields';

interface ListProps<T> {
  rules: T[];
  /** `fit`, `engagement` or `negative`: the list's path in the document. */
  path: string;
  onChange(next: T[]): void;
  /** A rule id no other rule of the document uses yet. */
  newId(prefix: string): string;
}

function RuleList<T extends { id: string }>({
  rules,
  path,
  onChange,
  add,
  addLabel,
  empty,
  render,
}: Omit<ListProps<T>, 'newId'> & {
  add(): T;
  addLabel: string;
  empty: string;
  render(rule: T, path: string, change: (next: T) => void, remove: () => void): ReactNode;
}) {
  const problem = useProblem(path);
  const list = Array.isArray(rules) ? rules : [];
  return (
    <Stack gap="sm">
      {list.length === 0 && (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      )}
      {list.map((rule, i) => (
        <Paper
          // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, so they cannot be keys
          key={i}
          withBorder
          p="sm"
          data-testid={`${path}-rule`}
          data-rule-id={rule.id}
        >
          {render(
            rule,
            at(path, i),
            (next) => onChange(list.map((r, j) => (j === i ? next : r))),
            () => onChange(list.filter((_, j) => j !== i)),
          )}
        </Paper>
      ))}
      {problem && (
        <Text size="xs" c="red">
          {problem}
        </Text>
      )}
      <Button
        data-edit-only
        variant="light"
        w="fit-content"
        onClick={() => onChange([...list, add()])}
      >
        {addLabel}
      </Button>
    </Stack>
  );
}

function FitBody<T extends { predicate: FitRule['predicate'] }>(props: {
  rule: T;
  path: string;
  onChange(next: T): void;
}) {
  const { rule, path, onChange } = props;
  return (
    <Stack gap={4} mt="xs">
      <Text size="sm" fw={500}>
        When the contact
      </Text>
      <PredicateEditor
        value={rule.predicate}
        scope="contact"
        path={at(path, 'predicate')}
        onChange={(predicate) => onChange({ ...rule, predicate })}
      />
    </Stack>
  );
}

export function FitRuleList({ newId, ...props }: ListProps<FitRule>) {
  return (
    <RuleList
      {...props}
      addLabel="+ Fit rule"
      empty="No fit rules: who a contact is earns nothing."
      add={() => ({
        id: newId('fit'),
        label: 'New fit rule',
        points: 5,
        predicate: emptyPredicate('contact'),
      })}
      render={(rule, path, change, remove) => (
        <>
          <RuleHeader
            rule={rule}
            path={path}
            onChange={change}
            onRemove={remove}
            pointsHint="kept, no decay"
          />
          <FitBody rule={rule} path={path} onChange={change} />
        </>
      )}
    />
  );
}

export function EngagementRuleList({ newId, ...props }: ListProps<EngagementRule>) {
  return (
    <RuleList
      {...props}
      addLabel="+ Engagement rule"
      empty="No engagement rules: activity earns nothing."
      add={() => ({
        id: newId('engagement'),
        label: 'New engagement rule',
        points: 1,
        eventType: 'page_viewed',
      })}
      render={(rule, path, change, remove) => (
        <>
          <RuleHeader
            rule={rule}
            path={path}
            onChange={change}
            onRemove={remove}
            pointsHint="per occurrence"
          />
          <EngagementFields rule={rule} path={path} onChange={change} />
        </>
      )}
    />
  );
}

/** A negative rule keeps its label, points and id when it moves between fit and engagement. */
function switchSide(rule: NegativeRule, on: NegativeRule['on']): NegativeRule {
  if (rule.on === on) return rule;
  const base = { id: rule.id, label: rule.label, points: rule.points };
  return on === 'fit'
    ? { ...base, on, predicate: emptyPredicate('contact') }
    : { ...base, on, eventType: 'email_unsubscribed' };
}

export function NegativeRuleList({ newId, ...props }: ListProps<NegativeRule>) {
  return (
    <RuleList
      {...props}
      addLabel="+ Negative rule"
      empty="No negative rules: nothing takes points away."
      add={(): NegativeRule => ({
        on: 'fit',
        id: newId('negative'),
        label: 'New negative rule',
        points: -5,
        predicate: emptyPredicate('contact'),
      })}
      render={(rule, path, change, remove) => (
        <>
          <RuleHeader
            rule={rule}
            path={path}
            onChange={change}
            onRemove={remove}
            pointsHint={rule.on === 'fit' ? 'below 0, no decay' : 'below 0, per occurrence'}
          />
          <SegmentedControl
            mt="xs"
            size="xs"
            data={[
              { value: 'fit', label: 'On who the contact is' },
              { value: 'engagement', label: 'On an activity' },
            ]}
            value={rule.on}
            onChange={(on) => change(switchSide(rule, on as NegativeRule['on']))}
          />
          {rule.on === 'fit' ? (
            <FitBody rule={rule} path={path} onChange={(next) => change(next)} />
          ) : rule.on === 'engagement' ? (
            <Stack mt="xs">
              <EngagementFields rule={rule} path={path} onChange={(next) => change(next)} />
            </Stack>
          ) : (
            <Text size="sm" c="red">
              {`${at(path, 'on')}: must be fit or engagement; fix it in the JSON tab`}
            </Text>
          )}
        </>
      )}
    />
  );
}
