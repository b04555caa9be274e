import { Alert, Group, Loader, Progress, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useSession } from '../auth/session';
import { formatAbsolute } from '../components/Time';
import { FrameworkCard, ReasonCodes } from './definitions/FrameworkAndReasons';
import { PersonaCards } from './definitions/PersonaCards';
import { ProposalCard } from './definitions/ProposalCard';
import { ProposeForm } from './definitions/ProposeForm';
import { Signatures } from './definitions/Signatures';
import { StagesGlossary } from './definitions/StagesGlossary';
import type { Rematch } from './definitions/types';
import { useDefinitionsVersions } from './definitions/use-definitions';
import { VersionHistory } from './definitions/VersionHistory';

function RematchProgress({ rematch }: { rematch: Rematch }) {
  const percent = rematch.total === 0 ? 100 : Math.floor((rematch.done / rematch.total) * 100);
  return (
    <Alert
      color="blue"
      title="Matching contacts to the new personas"
      data-testid="rematch-progress"
    >
      <Text size="sm" mb={6}>
        {rematch.done.toLocaleString('en')} of {rematch.total.toLocaleString('en')} contacts (
        {percent}%); their scores follow.
      </Text>
      <Progress value={percent} striped animated aria-label="Persona re-match" />
    </Alert>
  );
}

/**
 * The team's shared glossary: the definitions in force (stages, qualification
 * framework, reason codes, personas), proposals awaiting signatures with what
 * they change, the history of versions and who signed them, and proposing a
 * new version.
 */
export function DefinitionsPage() {
  const { member } = useSession();
  const { versions, error, reload } = useDefinitionsVersions();
  const [tab, setTab] = useState<string | null>('stages');
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!versions) return <Loader />;
  const inForce = versions.find((v) => v.status === 'active');
  if (!inForce) return <Alert color="red">No definitions are in force.</Alert>;
  const proposals = versions.filter((v) => v.status === 'proposed');
  const canPropose = member?.role !== 'sales_rep';
  const { document } = inForce;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Definitions</Title>
        <Text c="dimmed" maw={860} data-testid="definitions-in-force">
          What marketing and sales agreed each stage means, how sales qualifies, why leads are
          turned down or lost, and who the buyers are. Version {inForce.version}
          {inForce.activatedAt ? `, in force since ${formatAbsolute(inForce.activatedAt)}` : ''}.
        </Text>
        <Group mt="xs" gap="xs">
          <Text size="sm">Signed:</Text>
          <Signatures version={inForce} />
        </Group>
      </div>

      {inForce.rematch?.status === 'running' && <RematchProgress rematch={inForce.rematch} />}

      {proposals.map((p) => (
        <ProposalCard key={p.id} proposal={p} inForce={inForce} onSigned={reload} />
      ))}

      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="stages">Stages</Tabs.Tab>
          <Tabs.Tab value="qualification">Qualification and reasons</Tabs.Tab>
          <Tabs.Tab value="personas">Personas</Tabs.Tab>
          <Tabs.Tab value="history" data-testid="history-tab">
            History
          </Tabs.Tab>
          {canPropose && (
            <Tabs.Tab value="propose" data-testid="propose-tab">
              Propose a change
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="stages" pt="md">
          <StagesGlossary stages={document.stages} />
        </Tabs.Panel>
        <Tabs.Panel value="qualification" pt="md">
          <Stack>
            <FrameworkCard framework={document.qualification} />
            <ReasonCodes document={document} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="personas" pt="md">
          <PersonaCards personas={document.personas} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <VersionHistory versions={versions} />
        </Tabs.Panel>
        {canPropose && (
          <Tabs.Panel value="propose" pt="md">
            <ProposeForm
              key={inForce.id}
              base={document}
              onProposed={() => {
                reload();
                setTab('stages');
              }}
            />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
