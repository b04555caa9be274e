import { Alert, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { leadApi, useLeadDefinitions } from '../../api/lifecycle';
import type { Contact, Member, Stage } from '../../api/types';
import { useSession } from '../../auth/session';
import { StageBadge } from '../../stages/StageBadge';
import { useStages } from '../../stages/stages';
import { LeadActionsAssign } from './LeadActionsAssign';
import { LeadActionsBar } from './LeadActionsBar';
import { LeadActionsError } from './LeadActionsError';
import { leadPermissions } from './lead-permissions';
import { QualificationForm } from './QualificationForm';
import { StageHistory } from './StageHistory';
import { useLeadAction } from './use-lead-action';

interface Props {
  contact: Contact;
  /** Bumped after every change, so the stage history is read again. */
  revision: number;
  onChanged(): void;
}

/**
 * The lead desk on a contact: where the lead stands and what the signed-in
 * member may do next (accept, reject, attempts, qualification, the deal),
 * with every refusal shown as the server explained it.
 */
export function LeadActionsPanel({ contact: c, revision, onChanged }: Props) {
  const { member } = useSession();
  const { stages, nameOf } = useStages();
  const { definitions, error: definitionsError } = useLeadDefinitions();
  const panelAction = useLeadAction(onChanged);
  const answerAction = useLeadAction(onChanged);

  const stage = stages.find((s) => s.key === c.lifecycleStage);
  const permissions = leadPermissions(member, c, stages);
  const framework = definitions.qualification;
  const persona = c.personaKey
    ? (definitions.personas.find((p) => p.key === c.personaKey)?.name ?? c.personaKey)
    : null;
  const anything =
    permissions.accept ||
    permissions.reject ||
    permissions.logAttempt ||
    permissions.openOpportunity ||
    permissions.won ||
    permissions.lost ||
    permissions.moves.length > 0;

  return (
    <Card withBorder data-testid="lead-desk">
      <Stack gap="sm">
        <Group justify="space-between" align="start">
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={4}>Lead desk</Title>
              <StageBadge stage={c.lifecycleStage} />
              <Text size="sm" fw={500} data-testid="lead-stage" data-stage={c.lifecycleStage}>
                {nameOf(c.lifecycleStage)}
              </Text>
            </Group>
            <Text size="sm" c="dimmed" data-testid="lead-owner">
              {c.owner ? `Owned by ${c.owner.name}` : 'Not assigned to anyone'}
              {persona ? ` · Persona: ${persona}` : ''}
            </Text>
            {stage?.exitCriteria && stage.allowedTransitions.length > 0 && (
              <Text size="xs" c="dimmed" maw={640}>
                Next: {stage.exitCriteria}
              </Text>
            )}
          </Stack>
          {permissions.assign && (
            <LeadActionsAssign
              key={c.ownerId ?? 'none'}
              ownerId={c.ownerId}
              busy={panelAction.busy}
              onAssign={(ownerId) => void panelAction.run(() => leadApi.assign(c.id, ownerId))}
            />
          )}
        </Group>

        {anything ? (
          <LeadActionsBar
            contactId={c.id}
            permissions={permissions}
            definitions={definitions}
            accepting={panelAction.busy}
            onAccept={() => void panelAction.run(() => leadApi.accept(c.id))}
            onChanged={onChanged}
          />
        ) : (
          <Text size="sm" c="dimmed" data-testid="lead-no-actions">
            {waitingText(member, c, stage)}
          </Text>
        )}
        <LeadActionsError error={panelAction.error} />
        {definitionsError && (
          <Alert color="yellow" py={6}>
            The definitions in force could not be read ({definitionsError.message}); reason codes
            and the qualification framework are missing.
          </Alert>
        )}

        {framework && (permissions.answer || Object.keys(c.qualification).length > 0) && (
          <>
            <Divider />
            <QualificationForm
              framework={framework}
              answers={c.qualification}
              editable={permissions.answer}
              canQualify={permissions.qualify}
              busy={answerAction.busy}
              error={answerAction.error}
              onSave={(changed) => answerAction.run(() => leadApi.saveQualification(c.id, changed))}
              onQualify={(changed) =>
                answerAction.run(() =>
                  leadApi.qualify(
                    c.id,
                    Object.keys(changed).length > 0 ? { answers: changed } : {},
                  ),
                )
              }
            />
          </>
        )}

        <Divider />
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Stage history
          </Text>
          <StageHistory
            contactId={c.id}
            revision={revision}
            reasonCodes={definitions.reasonCodes}
          />
        </Stack>
      </Stack>
    </Card>
  );
}

function waitingText(member: Member | null, c: Contact, stage: Stage | undefined): string {
  if (stage && stage.allowedTransitions.length === 0)
    return `${stage.name} is where this lead ends.`;
  if (member?.role === 'marketing')
    return stage?.kind === 'route'
      ? 'Handed over: sales accepts or rejects it.'
      : 'Sales is working this lead.';
  if (member?.role === 'sales_rep' && c.ownerId !== null && c.ownerId !== member.id)
    return `${c.owner?.name ?? 'Another member'} owns this lead; they or a manager act on it.`;
  return 'Nothing for you to do on this lead at its current stage.';
}
