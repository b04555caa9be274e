import { Badge, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { QualificationFramework } from '../../api/lifecycle';
import { LeadActionsError } from './LeadActionsError';

interface Props {
  framework: QualificationFramework;
  /** The answers stored on the contact. */
  answers: Record<string, string>;
  /** The member may record answers. */
  editable: boolean;
  /** The lead may be qualified (SQL) from its stage by this member. */
  canQualify: boolean;
  busy: boolean;
  error: Error | null;
  onSave(changed: Record<string, string>): Promise<boolean>;
  onQualify(changed: Record<string, string>): Promise<boolean>;
}

/** Answers that differ from those stored; '' clears a stored one. */
function changes(
  framework: QualificationFramework,
  stored: Record<string, string>,
  draft: Record<string, string>,
) {
  const changed: Record<string, string> = {};
  for (const { key } of framework.fields) {
    const next = (draft[key] ?? '').trim();
    if (next !== (stored[key] ?? '')) changed[key] = next;
  }
  return changed;
}

/** The framework's fields with their help; SQL only once every field is answered. */
export function QualificationForm(props: Props) {
  const { framework, answers, editable, canQualify, busy, error } = props;
  const [draft, setDraft] = useState<Record<string, string>>(answers);
  // New stored answers (a save, or a colleague's) replace the fields not being edited here.
  const stored = useRef(answers);
  const storedText = JSON.stringify(answers);
  useEffect(() => {
    const next: Record<string, string> = JSON.parse(storedText);
    const before = stored.current;
    stored.current = next;
    setDraft((d) => {
      const merged: Record<string, string> = {};
      for (const key of new Set([...Object.keys(d), ...Object.keys(next)])) {
        const value = (d[key] ?? '') === (before[key] ?? '') ? next[key] : d[key];
        if (value !== undefined) merged[key] = value;
      }
      return merged;
    });
  }, [storedText]);

  const missing = framework.fields.filter((f) => (draft[f.key] ?? '').trim() === '');
  const changed = changes(framework, answers, draft);
  const dirty = Object.keys(changed).length > 0;
  const complete = missing.length === 0;

  if (!editable) {
    const given = framework.fields.filter((f) => answers[f.key]);
    if (given.length === 0) return null;
    return (
      <Stack gap={4} data-testid="qualification-answers">
        <Title order={5}>{framework.name}</Title>
        {given.map((f) => (
          <Text key={f.key} size="sm" style={{ overflowWrap: 'anywhere' }}>
            <b>{f.label}:</b> {answers[f.key]}
          </Text>
        ))}
      </Stack>
    );
  }

  return (
    <Stack gap="xs" data-testid="qualification-form" data-framework={framework.key}>
      <Group justify="space-between">
        <Title order={5}>Qualification ({framework.name})</Title>
        <Text
          size="xs"
          c={complete ? 'teal' : 'dimmed'}
          data-testid="qualification-missing"
          data-count={missing.length}
        >
          {complete ? 'Complete' : `Missing: ${missing.map((f) => f.label).join(', ')}`}
        </Text>
      </Group>
      {framework.fields.map((f) => {
        const isMissing = (draft[f.key] ?? '').trim() === '';
        return (
          <Textarea
            key={f.key}
            label={
              <Group gap={6} component="span">
                {f.label}
                {isMissing && (
                  <Badge size="xs" color="orange" variant="light" component="span">
                    missing
                  </Badge>
                )}
              </Group>
            }
            description={f.help}
            autosize
            minRows={1}
            maxLength={2000}
            value={draft[f.key] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDraft((d) => ({ ...d, [f.key]: value }));
            }}
            data-testid="qualification-field"
            data-key={f.key}
            data-missing={isMissing}
          />
        );
      })}
      <LeadActionsError
        error={error}
        fieldLabel={(key) =>
          framework.fields.find((f) => key === f.key || key.endsWith(`/${f.key}`))?.label ?? key
        }
      />
      <Group justify="end" gap="xs">
        <Button
          variant="default"
          size="xs"
          disabled={!dirty}
          loading={busy}
          onClick={() => void props.onSave(changed)}
          data-testid="qualification-save"
        >
          Save answers
        </Button>
        {canQualify && (
          <Button
            size="xs"
            color="teal"
            disabled={!complete}
            loading={busy}
            onClick={() => void props.onQualify(changed)}
            data-testid="qualify"
          >
            Qualify (SQL)
          </Button>
        )}
      </Group>
    </Stack>
  );
}
