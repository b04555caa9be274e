import { Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ReasonCode, TransitionRequest } from '../../api/lifecycle';
import { useStages } from '../../stages/stages';
import { LeadActionsError } from './LeadActionsError';

interface Props {
  opened: boolean;
  /** The stages the member may move the lead to from here. */
  targets: readonly string[];
  reasonCodes: readonly ReasonCode[];
  busy: boolean;
  error: Error | null;
  onClose(): void;
  onSubmit(request: TransitionRequest): void;
}

/** Any move the definitions allow, with what the target stage requires. */
export function LeadActionsMoveModal(props: Props) {
  const { opened, targets, reasonCodes, busy, error } = props;
  const { nameOf, stages } = useStages();
  const [to, setTo] = useState<string | null>(null);
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [amount, setAmount] = useState<string | number>('');
  const [note, setNote] = useState('');

  useEffect(() => {
    if (opened) {
      setTo(null);
      setReasonCode(null);
      setAmount('');
      setNote('');
    }
  }, [opened]);

  const requirements = stages.find((s) => s.key === to)?.entryRequirements ?? [];
  const needsReason = requirements.includes('reason');
  const needsAmount = requirements.includes('amount');
  // Either kind of code may explain a manual move, as long as it leads to this stage.
  const codes = reasonCodes.filter((r) => r.outcome === to);
  const value = typeof amount === 'number' ? amount : null;
  const ready =
    to !== null &&
    (!needsReason || reasonCode !== null) &&
    (!needsAmount || (value !== null && value > 0));

  function submit() {
    if (!to) return;
    props.onSubmit({
      to,
      ...(needsReason && reasonCode ? { reasonCode } : {}),
      ...(value !== null && value > 0 ? { amount: value } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  }

  return (
    <Modal opened={opened} onClose={props.onClose} title="Move to another stage">
      <Stack data-testid="move-modal">
        <Select
          label="Stage"
          placeholder="Pick a stage"
          data={targets.map((key) => ({ value: key, label: nameOf(key) }))}
          value={to}
          onChange={(v) => {
            setTo(v);
            setReasonCode(null);
          }}
          data-testid="move-target"
        />
        {needsReason && (
          <Select
            label="Reason"
            required
            placeholder={codes.length > 0 ? 'Pick a reason' : 'No reason codes lead here'}
            data={codes.map((r) => ({ value: r.key, label: r.label }))}
            value={reasonCode}
            onChange={setReasonCode}
            data-testid="move-reason"
          />
        )}
        {needsAmount && (
          <NumberInput
            label="Amount"
            required
            min={0}
            max={1e12}
            thousandSeparator=","
            decimalScale={2}
            value={amount}
            onChange={setAmount}
            data-testid="move-amount"
          />
        )}
        {requirements.includes('qualification') && (
          <Text size="xs" c="dimmed">
            This stage needs the qualification framework complete.
          </Text>
        )}
        <Textarea
          label="Note"
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <LeadActionsError error={error} />
        <Group justify="end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button loading={busy} disabled={!ready} onClick={submit} data-testid="move-submit">
            Move
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
