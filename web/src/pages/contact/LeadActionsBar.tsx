import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { type LeadDefinitions, leadApi } from '../../api/lifecycle';
import { AttemptModal } from './AttemptModal';
import { LeadActionsAmountModal } from './LeadActionsAmountModal';
import { LeadActionsMoveModal } from './LeadActionsMoveModal';
import { LeadActionsReasonModal } from './LeadActionsReasonModal';
import type { LeadPermissions } from './lead-permissions';
import { useLeadAction } from './use-lead-action';

type Dialog = 'reject' | 'lost' | 'attempt' | 'opportunity' | 'won' | 'move';

interface Props {
  contactId: string;
  permissions: LeadPermissions;
  definitions: LeadDefinitions;
  /** Accepting is one click: the panel runs it so its failure shows beside the stage. */
  accepting: boolean;
  onAccept(): void;
  onChanged(): void;
}

/** Stages reached through a named action, left out of the generic "Move to…". */
function namedTargets(p: LeadPermissions): Set<string> {
  const named = new Set<string>();
  if (p.accept) named.add('sal');
  if (p.qualify) named.add('sql');
  if (p.openOpportunity) named.add('opportunity');
  if (p.won) named.add('customer');
  if (p.reject || p.lost) {
    named.add('recycled');
    named.add('disqualified');
  }
  return named;
}

/** The next steps the member may take, each opening its form. */
export function LeadActionsBar(props: Props) {
  const { contactId, permissions: p, definitions } = props;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // The last one opened, so a closing modal keeps its title while it fades out.
  const [last, setLast] = useState<Dialog>('attempt');
  const action = useLeadAction(props.onChanged);
  const named = namedTargets(p);
  const otherMoves = p.moves.filter((to) => !named.has(to));

  function open(next: Dialog) {
    action.clear();
    setDialog(next);
    setLast(next);
  }
  const close = () => setDialog(null);
  async function submit(call: () => Promise<unknown>) {
    if (await action.run(call)) setDialog(null);
  }

  const shared = { busy: action.busy, error: action.error, onClose: close };
  return (
    <>
      <Group gap="xs" data-testid="lead-actions">
        {p.accept && (
          <Button
            color="cyan"
            loading={props.accepting}
            onClick={props.onAccept}
            data-testid="lead-accept"
          >
            Accept
          </Button>
        )}
        {p.reject && (
          <Button
            color="red"
            variant="light"
            onClick={() => open('reject')}
            data-testid="lead-reject"
          >
            Reject…
          </Button>
        )}
        {p.logAttempt && (
          <Button variant="light" onClick={() => open('attempt')} data-testid="lead-log-attempt">
            Log attempt…
          </Button>
        )}
        {p.openOpportunity && (
          <Button
            color="green"
            variant="light"
            onClick={() => open('opportunity')}
            data-testid="lead-open-opportunity"
          >
            Open opportunity…
          </Button>
        )}
        {p.won && (
          <Button color="green" onClick={() => open('won')} data-testid="lead-won">
            Won…
          </Button>
        )}
        {p.lost && (
          <Button color="red" variant="light" onClick={() => open('lost')} data-testid="lead-lost">
            Lost…
          </Button>
        )}
        {otherMoves.length > 0 && (
          <Button
            variant="subtle"
            color="gray"
            onClick={() => open('move')}
            data-testid="lead-move"
          >
            Move to…
          </Button>
        )}
      </Group>

      <LeadActionsReasonModal
        {...shared}
        opened={dialog === 'reject' || dialog === 'lost'}
        kind={last === 'lost' ? 'lost' : 'reject'}
        reasonCodes={definitions.reasonCodes}
        onSubmit={(reason) =>
          void submit(() =>
            last === 'lost' ? leadApi.lost(contactId, reason) : leadApi.reject(contactId, reason),
          )
        }
      />
      <AttemptModal
        {...shared}
        opened={dialog === 'attempt'}
        onSubmit={(attempt) => void submit(() => leadApi.logAttempt(contactId, attempt))}
      />
      <LeadActionsAmountModal
        {...shared}
        opened={dialog === 'opportunity' || dialog === 'won'}
        kind={last === 'won' ? 'won' : 'opportunity'}
        onSubmit={({ amount, note }) =>
          void submit(() =>
            last === 'won' && amount !== undefined
              ? leadApi.won(contactId, { amount, ...(note ? { note } : {}) })
              : leadApi.openOpportunity(contactId, {
                  ...(amount !== undefined ? { amount } : {}),
                  ...(note ? { note } : {}),
                }),
          )
        }
      />
      <LeadActionsMoveModal
        {...shared}
        opened={dialog === 'move'}
        targets={otherMoves}
        reasonCodes={definitions.reasonCodes}
        onSubmit={(request) => void submit(() => leadApi.move(contactId, request))}
      />
    </>
  );
}
