import { Alert, List, Text } from '@mantine/core';
import type { ModelProblem } from '../../api/scoring-types';

const shown = 30;

/** Every problem of the document, with where it is: the fields show theirs too. */
export function ProblemList({ problems }: { problems: ModelProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert
      color="red"
      title={`${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before this model can be saved`}
      data-testid="model-problems"
    >
      <List size="sm" spacing={2}>
        {problems.slice(0, shown).map((p) => (
          <List.Item key={`${p.path}:${p.message}`} data-testid="model-problem" data-path={p.path}>
            <Text span ff="monospace" size="xs">
              {p.path || 'document'}
            </Text>{' '}
            {p.message}
          </List.Item>
        ))}
      </List>
      {problems.length > shown && (
        <Text size="xs" mt={4}>
          and {problems.length - shown} more
        </Text>
      )}
    </Alert>
  );
}
