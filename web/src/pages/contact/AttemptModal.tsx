import {
  Button,
  Group,
  Modal,
  Radio,
  SegmentedControl,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  type AttemptChannel,
  type AttemptOutcome,
  type AttemptRequest,
  attemptChannels,
  attemptOutcomes,
  humanize,
} from '../../api/lifecycle';
import { LeadActionsError } from './LeadActionsError';

interface Props {
  opened: boolean;
  busy: boolean;
  error: Error | null;
  onClose(): void;
  onSubmit(attempt: AttemptRequest): void;
}

/** "2026-11-24T14:05" in the browser's zone, which is what datetime-local inputs read. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A call, email or meeting and what came of it; the time defaults to now. */
export function AttemptModal({ opened, busy, error, onClose, onSubmit }: Props) {
  const [channel, setChannel] = useState<AttemptChannel>('call');
  const [outcome, setOutcome] = useState<AttemptOutcome | null>(null);
  const [note, setNote] = useState('');
  const [when, setWhen] = useState('');

  useEffect(() => {
    if (opened) {
      setChannel('call');
      setOutcome(null);
      setNote('');
      setWhen('');
    }
  }, [opened]);

  const outcomes: readonly AttemptOutcome[] = attemptOutcomes[channel];
  const at = when === '' ? null : new Date(when);
  // The server allows a few minutes of clock skew; the form simply refuses the future.
  const future = at !== null && at.getTime() > Date.now();
  const timeError =
    at !== null && Number.isNaN(at.getTime())
      ? 'Not a valid time'
      : future
        ? 'Attempts are logged after they happen'
        : undefined;

  function changeChannel(value: string) {
    const next = value as AttemptChannel;
    setChannel(next);
    // An outcome of another channel does not fit this one.
    if (outcome && !(attemptOutcomes[next] as readonly string[]).includes(outcome))
      setOutcome(null);
  }

  function submit() {
    if (!outcome) return;
    onSubmit({
      channel,
      outcome,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(at ? { occurredAt: at.toISOString() } : {}),
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Log an attempt">
      <Stack data-testid="attempt-modal">
        <SegmentedControl
          data={attemptChannels.map((c) => ({ value: c, label: humanize(c) }))}
          value={channel}
          onChange={changeChannel}
          data-testid="attempt-channel"
        />
        <Radio.Group
          label="Outcome"
          value={outcome}
          onChange={(v) => setOutcome(outcomes.find((o) => o === v) ?? null)}
          name="attempt-outcome"
        >
          <Group mt="xs" gap="sm">
            {outcomes.map((o) => (
              <Radio
                key={o}
                value={o}
                label={humanize(o)}
                data-testid="attempt-outcome"
                data-key={o}
              />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label="Note"
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="attempt-note"
        />
        <TextInput
          type="datetime-local"
          label="When"
          description="Leave empty for now"
          value={when}
          max={localInputValue(new Date())}
          onChange={(e) => setWhen(e.currentTarget.value)}
          error={timeError}
          data-testid="attempt-time"
        />
        <LeadActionsError error={error} />
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={busy}
            disabled={outcome === null || timeError !== undefined}
            onClick={submit}
            data-testid="attempt-submit"
          >
            Log attempt
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
