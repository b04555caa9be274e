import { Alert, List, Text } from '@mantine/core';
import { leadProblem } from '../../api/lifecycle';
import { useStages } from '../../stages/stages';

/** A refused lead action as the server explained it: detail, the fields at fault, what is allowed. */
export function LeadActionsError({
  error,
  fieldLabel = (key) => key,
}: {
  error: Error | null;
  /** Names a field of the request (or of the framework) for people. */
  fieldLabel?: (field: string) => string;
}) {
  const { nameOf } = useStages();
  if (!error) return null;
  const problem = leadProblem(error);
  const fields = problem?.errors ?? [];
  return (
    <Alert
      color="red"
      title={problem?.title ?? 'The action failed'}
      data-testid="lead-action-error"
      data-status={problem?.status ?? 0}
    >
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {error.message}
      </Text>
      {problem?.missing && problem.missing.length > 0 && (
        <Text size="sm" mt="xs">
          Still to answer: {problem.missing.map(fieldLabel).join(', ')}
        </Text>
      )}
      {problem?.allowed && (
        <Text size="sm" mt="xs">
          From here the lead can move to:{' '}
          {problem.allowed.length > 0 ? problem.allowed.map(nameOf).join(', ') : 'nowhere'}
        </Text>
      )}
      {fields.length > 0 && !problem?.missing && (
        <List size="sm" mt="xs">
          {fields.slice(0, 10).map((f) => (
            <List.Item key={`${f.field}:${f.message}`}>
              <b>{fieldLabel(f.field)}</b>: {f.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
