import { Alert, Button, Group, List, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { DefinitionsDocument, DefinitionsVersion } from './types';

interface Problem {
  path: string;
  message: string;
}

/** The server names each problem by its path in the request; the editor shows the document's. */
function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || !error.problem.errors) return null;
  return error.problem.errors.map((e) => ({
    path: e.field.replace(/^document\/?/, ''),
    message: e.message,
  }));
}

/** A new version is the whole document, edited as JSON; every problem comes back with its path. */
export function ProposeForm({
  base,
  onProposed,
}: {
  base: DefinitionsDocument;
  onProposed(v: DefinitionsVersion): void;
}) {
  const [text, setText] = useState(() => JSON.stringify(base, null, 2));
  const [summary, setSummary] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const propose = async () => {
    setProblems([]);
    setError(null);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (e) {
      setError(`The document is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setBusy(true);
    try {
      const version = await api<DefinitionsVersion>('/api/v1/definitions/versions', {
        method: 'POST',
        body: { document, ...(summary.trim() ? { summary: summary.trim() } : {}) },
      });
      onProposed(version);
    } catch (e) {
      const found = problemsOf(e);
      if (found) setProblems(found);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="propose-form">
      <Text size="sm" c="dimmed" maw={820}>
        Edit the whole document: stages (with entry and exit criteria, allowed transitions and entry
        requirements), personas (criteria use the scoring model's conditions on contact and account
        fields), reason codes and the qualification framework. Nothing changes until a marketing and
        a sales member have both signed the proposal.
      </Text>
      <TextInput
        label="Summary"
        placeholder="What changes and why"
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        maxLength={2000}
        data-testid="proposal-summary"
      />
      <Textarea
        label="Definitions document (JSON)"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={12}
        maxRows={30}
        styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
        spellCheck={false}
        data-testid="proposal-document"
      />
      {error && (
        <Alert color="red" data-testid="proposal-error">
          {error}
        </Alert>
      )}
      {problems.length > 0 && (
        <Alert
          color="red"
          title={`${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before this can be proposed`}
          data-testid="proposal-problems"
        >
          <List size="sm" spacing={2}>
            {problems.map((p) => (
              <List.Item
                key={`${p.path}:${p.message}`}
                data-testid="proposal-problem"
                data-path={p.path}
              >
                <Text span ff="monospace" size="xs">
                  {p.path || 'document'}
                </Text>{' '}
                {p.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group>
        <Button onClick={() => void propose()} loading={busy} data-testid="propose-button">
          Propose this version
        </Button>
        <Button variant="subtle" onClick={() => setText(JSON.stringify(base, null, 2))}>
          Start again from the version in force
        </Button>
      </Group>
    </Stack>
  );
}
