import { Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { LeadActionsError } from './LeadActionsError';

interface Props {
  opened: boolean;
  kind: 'opportunity' | 'won';
  busy: boolean;
  error: Error | null;
  onClose(): void;
  onSubmit(body: { amount?: number; note?: string }): void;
}

const copy = {
  opportunity: {
    title: 'Open an opportunity',
    amount: 'Expected amount',
    help: 'Optional: what the deal is expected to be worth',
    submit: 'Open opportunity',
  },
  won: {
    title: 'Close the deal as won',
    amount: 'Amount won',
    help: 'Required: the value of the signed deal',
    submit: 'Mark won',
  },
} as const;

/** Open an opportunity (expected amount, optional) or close it won (amount required). */
export function LeadActionsAmountModal(props: Props) {
  const { opened, kind, busy, error } = props;
  const [amount, setAmount] = useState<string | number>('');
  const [note, setNote] = useState('');

  useEffect(() => {
    if (opened) {
      setAmount('');
      setNote('');
    }
  }, [opened]);

  const value = typeof amount === 'number' ? amount : null;
  const valid = value === null ? kind === 'opportunity' && amount === '' : value > 0;
  const text = copy[kind];

  return (
    <Modal opened={opened} onClose={props.onClose} title={text.title}>
      <Stack data-testid={`${kind}-modal`}>
        <NumberInput
          label={text.amount}
          description={text.help}
          required={kind === 'won'}
          min={0}
          max={1e12}
          thousandSeparator=","
          decimalScale={2}
          value={amount}
          onChange={setAmount}
          error={value !== null && value <= 0 ? 'Must be more than 0' : undefined}
          data-testid="amount-input"
        />
        <Textarea
          label="Note"
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="amount-note"
        />
        {kind === 'won' && (
          <Text size="xs" c="dimmed">
            The contact becomes a customer; the amount counts in the shared revenue numbers.
          </Text>
        )}
        <LeadActionsError error={error} />
        <Group justify="end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            color={kind === 'won' ? 'green' : undefined}
            loading={busy}
            disabled={!valid}
            onClick={() =>
              props.onSubmit({
                ...(value !== null ? { amount: value } : {}),
                ...(note.trim() ? { note: note.trim() } : {}),
              })
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
