import { Alert, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import type {
  Activation,
  ModelProblem,
  ModelVersion,
  ModelVersionDetail,
  ScoringModel,
} from '../../api/scoring-types';
import { ModelForm } from './ModelForm';
import { ProblemsProvider, problemsOfError } from './model-problems';
import { ProblemList } from './ProblemList';
import { useModelDraft } from './use-model-draft';
import { useModelValidation } from './use-model-validation';
import { type Busy, VersionActions } from './VersionActions';

interface Props {
  version: ModelVersionDetail;
  canManage: boolean;
  onSaved(version: ModelVersionDetail): void;
  onActivated(activation: Activation): void;
  onRetired(version: ModelVersion): void;
}

const modelPath = (id: string) => `/api/v1/scoring/models/${encodeURIComponent(id)}`;

function unique(problems: ModelProblem[]): ModelProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A version's name, note and document: editable while it is a draft, read-only after. */
export function VersionEditor({ version, canManage, onSaved, onActivated, onRetired }: Props) {
  const navigate = useNavigate();
  const editable = version.status === 'draft' && canManage;
  const { draft, setDoc, setText, reset } = useModelDraft(version.document);
  const [name, setName] = useState(version.name);
  const [note, setNote] = useState(version.note ?? '');
  const validation = useModelValidation(draft.doc, editable);
  const [refused, setRefused] = useState<ModelProblem[]>([]);
  const [failure, setFailure] = useState<Error | null>(null);
  const [busy, setBusy] = useState<Busy>(null);

  const problems = useMemo(
    () => (editable ? unique([...validation.problems, ...refused]) : []),
    [editable, validation.problems, refused],
  );
  const dirty = draft.dirty || name !== version.name || note !== (version.note ?? '');
  const body = () => ({
    name: name.trim(),
    document: draft.doc,
    // null clears a note the draft had.
    note: note.trim() || null,
  });

  async function run<T>(what: Busy, call: () => Promise<T>): Promise<T | null> {
    setBusy(what);
    setFailure(null);
    try {
      return await call();
    } catch (e) {
      setRefused(problemsOfError(e));
      setFailure(e as Error);
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function save(): Promise<boolean> {
    const saved = await run('save', () =>
      api<ModelVersionDetail>(modelPath(version.id), { method: 'PUT', body: body() }),
    );
    if (!saved) return false;
    reset(saved.document);
    onSaved(saved);
    return true;
  }

  async function activate() {
    if (dirty && !(await save())) return;
    const answer = await run('activate', () =>
      api<Activation>(`${modelPath(version.id)}/activate`, { method: 'POST' }),
    );
    if (answer) onActivated(answer);
  }

  async function retire() {
    const retired = await run('retire', () =>
      api<ModelVersion>(`${modelPath(version.id)}/retire`, { method: 'POST' }),
    );
    if (retired) onRetired(retired);
  }

  async function copy() {
    const created = await run('copy', () =>
      api<ModelVersionDetail>('/api/v1/scoring/models', {
        method: 'POST',
        body: {
          name: `${version.name} (copy)`,
          document: draft.doc,
          note: `Copied from v${version.version}`,
        },
      }),
    );
    if (created) void navigate(`/scoring/models/${created.id}`);
  }

  const status = !editable
    ? version.status === 'draft'
      ? 'Read-only: drafting is open to admins, marketing and sales managers'
      : `Read-only: ${version.status} versions cannot change`
    : draft.jsonError
      ? 'The JSON does not parse'
      : validation.checking
        ? 'Checking…'
        : validation.error
          ? `Could not check: ${validation.error.message}`
          : problems.length > 0
            ? `${problems.length} problem${problems.length === 1 ? '' : 's'}`
            : dirty
              ? 'Valid · unsaved changes'
              : 'Valid · saved';

  return (
    <ProblemsProvider problems={problems}>
      <Stack>
        {editable && (
          <Group align="start" grow>
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="model-name"
            />
            <Textarea
              label="Note"
              description="What changed and why, for the team"
              autosize
              minRows={1}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
          </Group>
        )}
        <VersionActions
          version={version}
          editable={editable}
          canManage={canManage}
          dirty={dirty}
          blocked={draft.jsonError !== null || name.trim() === '' || problems.length > 0}
          status={status}
          busy={busy}
          onSave={() => void save()}
          onActivate={() => void activate()}
          onRetire={() => void retire()}
          onCopy={() => void copy()}
        />
        {failure && (
          <Alert
            color="red"
            title={failure instanceof ApiError ? failure.problem.title : 'Something went wrong'}
            data-testid="editor-error"
          >
            {failure.message}
          </Alert>
        )}
        <ProblemList problems={problems} />
        <ModelForm
          draft={draft}
          problems={problems}
          readOnly={!editable}
          onDocChange={(doc: ScoringModel) => {
            // A refused save's problems describe the document as it was; an edit makes them stale.
            setRefused([]);
            setDoc(doc);
          }}
          onTextChange={(text) => {
            setRefused([]);
            setText(text);
          }}
        />
      </Stack>
    </ProblemsProvider>
  );
}
