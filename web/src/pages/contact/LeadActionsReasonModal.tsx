import { Button, Group, Modal, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ReasonCode, ReasonKind } from '../../api/lifecycle';
import { useStages } from '../../stages/stages';
import { LeadActionsError } from './LeadActionsError';

interface Props {
  opened: boolean;
  kind: ReasonKind;
  reasonCodes: readonly ReasonCode[];
  busy: boolean;
  error: Error | null;
  onClose(): void;
  onSubmit(reason: { reasonCode: string; note?: string }): void;
}

const copy = {
  reject: {
    title: 'Reject the lead',
    intro: 'Tell marketing why. The reason decides whether the lead is nurtured or disqualified.',
    submit: 'Reject',
  },
  lost: {
    title: 'Close the deal as lost',
    intro: 'The lost reason flows back into source and scoring reports.',
    submit: 'Mark lost',
  },
} as const;

/** Reject or lost: one reason code, grouped by where it sends the lead, and a note. */
export function LeadActionsReasonModal(props: Props) {
  const { opened, kind, reasonCodes, busy, error } = props;
  const { nameOf, stages } = useStages();
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    if (opened) {
      setReasonCode(null);
      setNote('');
    }
  }, [opened]);

  const codes = reasonCodes.filter((r) => r.kind === kind);
  const position = (key: string) => stages.find((s) => s.key === key)?.position ?? 0;
  const outcomes = [...new Set(codes.map((r) => r.outcome))].sort(
    (a, b) => position(a) - position(b),
  );
  const text = copy[kind];

  return (
    <Modal opened={opened} onClose={props.onClose} title={text.title} size="lg">
      <Stack data-testid={`${kind}-modal`}>
        <Text size="sm" c="dimmed">
          {text.intro}
        </Text>
        {codes.length === 0 ? (
          <Text size="sm" c="red" data-testid="no-reason-codes">
            The definitions in force have no {kind} reasons, or could not be read.
          </Text>
        ) : (
          <Radio.Group value={reasonCode} onChange={setReasonCode} name={`${kind}-reason`}>
            <Stack gap="md">
              {outcomes.map((outcome) => (
                <Stack key={outcome} gap={6} data-testid="reason-group" data-outcome={outcome}>
                  <Title order={6}>→ {nameOf(outcome)}</Title>
                  {codes
                    .filter((r) => r.outcome === outcome)
                    .map((r) => (
                      <Radio
                        key={r.key}
                        value={r.key}
                        label={r.label}
                        data-testid="reason-code"
                        data-key={r.key}
                      />
                    ))}
                </Stack>
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Textarea
          label="Note"
          description="What the next person to pick this up should know"
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="reason-note"
        />
        <LeadActionsError error={error} />
        <Group justify="end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={busy}
            disabled={reasonCode === null}
            onClick={() =>
              reasonCode &&
              props.onSubmit({ reasonCode, ...(note.trim() ? { note: note.trim() } : {}) })
            }
            data-testid={`${kind}-submit`}
          >
            {text.submit}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
