import {
  Alert,
  Button,
  Group,
  JsonInput,
  List,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import type { ModelVersion, ModelVersionDetail } from '../../api/scoring-types';

interface Props {
  opened: boolean;
  onClose(): void;
  /** The active version, the usual starting point; null when none is active. */
  active: ModelVersion | null;
}

type Source = 'active' | 'json';

/** A new draft: a copy of the active model, or a document pasted as JSON. */
export function NewDraftModal({ opened, onClose, active }: Props) {
  const navigate = useNavigate();
  const [source, setSource] = useState<Source>(active ? 'active' : 'json');
  const [name, setName] = useState(active ? `${active.name} (draft)` : 'New model');
  const [note, setNote] = useState('');
  const [json, setJson] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  async function documentToSend(): Promise<unknown> {
    if (source === 'json') return JSON.parse(json) as unknown;
    const detail = await api<ModelVersionDetail>(
      `/api/v1/scoring/models/${encodeURIComponent(active!.id)}`,
    );
    return detail.document;
  }

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const document = await documentToSend();
      const created = await api<ModelVersionDetail>('/api/v1/scoring/models', {
        method: 'POST',
        body: { name: name.trim(), document, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      void navigate(`/scoring/models/${created.id}`);
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(`Not valid JSON: ${e.message}`) : (e as Error));
    } finally {
      setBusy(false);
    }
  }

  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <Modal opened={opened} onClose={onClose} title="New draft" size="lg">
      <Stack>
        <SegmentedControl
          data={[
            { value: 'active', label: 'Copy of the active model', disabled: !active },
            { value: 'json', label: 'From JSON' },
          ]}
          value={source}
          onChange={(v) => setSource(v as Source)}
          data-testid="new-draft-source"
        />
        {source === 'active' && active && (
          <Text size="sm" c="dimmed">
            Starts from v{active.version}, “{active.name}”. Nothing changes for contacts until the
            draft is activated.
          </Text>
        )}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="new-draft-name"
        />
        <Textarea
          label="Note"
          description="What this draft is for"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {source === 'json' && (
          <JsonInput
            label="Model document"
            description="halfLifeDays, fit, engagement, negative, bands and qualification"
            autosize
            minRows={8}
            maxRows={20}
            value={json}
            onChange={setJson}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
            data-testid="new-draft-json"
          />
        )}
        {error && (
          <Alert color="red" title={problem?.title ?? 'Could not create the draft'}>
            <Text size="sm">{error.message}</Text>
            {problem?.errors && problem.errors.length > 0 && (
              <List size="sm" mt="xs">
                {problem.errors.slice(0, 20).map((e) => (
                  <List.Item key={`${e.field}:${e.message}`}>
                    <b>{e.field}</b>: {e.message}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => void create()}
            loading={busy}
            disabled={name.trim() === '' || (source === 'json' && json.trim() === '')}
            data-testid="create-draft"
          >
            Create draft
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
