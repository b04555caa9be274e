import { Alert, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ActiveContract, SlaContractVersion } from '../../api/sla-types';
import { useSession } from '../../auth/session';
import { formatAbsolute } from '../../components/Time';
import { useRefreshableApi } from '../contact/use-refreshable';
import { ContractSides } from './ContractSides';
import {
  ContractHistory,
  ContractSignatures,
  ProposalCard,
  ProposeContract,
} from './ContractVersions';
import { SlaNav } from './SlaNav';

/**
 * The SLA contract: what each side promises in plain words and how it stands
 * this month, who signed, proposals awaiting signatures, the versions, and
 * proposing a new one. Who may propose or sign is the server's call; its
 * refusal shows beside the button.
 */
export function ContractPage() {
  const { member } = useSession();
  const [revision, setRevision] = useState(0);
  const [tab, setTab] = useState<string | null>('contract');
  const active = useRefreshableApi<ActiveContract>('/api/v1/sla/contract', revision);
  const versions = useRefreshableApi<{ items: SlaContractVersion[] }>(
    '/api/v1/sla/contracts',
    revision,
  );
  const reload = () => setRevision((n) => n + 1);
  const error = active.error ?? versions.error;

  if (error && (!active.data || !versions.data))
    return (
      <>
        <SlaNav />
        <Alert color="red">{error.message}</Alert>
      </>
    );
  if (!active.data || !versions.data) return <Loader />;
  const { contract, standing } = active.data;
  const proposals = versions.data.items.filter((v) => v.status === 'proposed');
  const canPropose = member?.role !== 'sales_rep';

  return (
    <Stack gap="lg">
      <div>
        <SlaNav />
        <Title order={2}>Service level agreement</Title>
        <Text c="dimmed" maw={860} data-testid="contract-in-force" data-version={contract.version}>
          What marketing and sales promise each other. Version {contract.version}
          {contract.activatedAt ? `, in force since ${formatAbsolute(contract.activatedAt)}` : ''}
          {`; standing for ${standing.month}.`}
        </Text>
        <Group mt="xs" gap="xs">
          <Text size="sm">Signed:</Text>
          <ContractSignatures version={contract} />
        </Group>
      </div>

      {proposals.map((p) => (
        <ProposalCard key={p.version} version={p} onSigned={reload} />
      ))}

      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="contract">In force</Tabs.Tab>
          <Tabs.Tab value="history" data-testid="history-tab">
            Versions
          </Tabs.Tab>
          {canPropose && (
            <Tabs.Tab value="propose" data-testid="propose-tab">
              Propose a new version
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="contract" pt="md">
          <ContractSides document={contract.document} standing={standing} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <ContractHistory versions={versions.data.items} />
        </Tabs.Panel>
        {canPropose && (
          <Tabs.Panel value="propose" pt="md">
            <ProposeContract
              key={contract.version}
              base={contract.document}
              onProposed={() => {
                reload();
                setTab('contract');
              }}
            />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
