import { Alert, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { ModelVersion, ModelVersionDetail, Rescore } from '../api/scoring-types';
import { useApi } from '../api/use-api';
import { useSession } from '../auth/session';
import { ModelSummary } from './scoring/ModelSummary';
import { NewDraftModal } from './scoring/NewDraftModal';
import { RescoreProgress } from './scoring/RescoreProgress';
import { canManageScoring } from './scoring/scoring-format';
import { VersionsTable } from './scoring/VersionsTable';

/** The scoring model's versions, the one in force, and the way to a new draft. */
export function ScoringPage() {
  const { member } = useSession();
  const canManage = canManageScoring(member?.role);
  const [params] = useSearchParams();
  const runs = useApi<{ items: Rescore[] }>('/api/v1/scoring/rescores');
  // The run just started from the editor, else one still going (started by anyone).
  const rescoreId =
    params.get('rescore') ?? runs.data?.items.find((r) => r.status === 'running')?.id ?? null;
  const [creating, setCreating] = useState(false);
  const list = useApi<{ items: ModelVersion[] }>('/api/v1/scoring/models');
  const active = list.data?.items.find((m) => m.status === 'active') ?? null;
  const detail = useApi<ModelVersionDetail>(
    active ? `/api/v1/scoring/models/${encodeURIComponent(active.id)}` : null,
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="start">
        <div>
          <Title order={2}>Scoring</Title>
          <Text c="dimmed" size="sm" maw={820}>
            One model both teams agree on: fit for who a contact is, engagement for what they do
            (fading with time), bands and the criteria that make an MQL, PQL or CQL. Change it as a
            draft, backtest the draft against your own history, then activate it.
          </Text>
        </div>
        <Group>
          <Button
            component={Link}
            to="/scoring/backtest"
            variant="light"
            data-testid="backtest-link"
          >
            Backtest a draft
          </Button>
          {canManage && (
            <Button onClick={() => setCreating(true)} data-testid="new-draft">
              New draft
            </Button>
          )}
        </Group>
      </Group>

      {rescoreId && (
        <Card withBorder>
          <RescoreProgress rescoreId={rescoreId} />
        </Card>
      )}

      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {detail.error && <Alert color="red">{detail.error.message}</Alert>}
      {list.data && !active && (
        <Alert color="yellow" data-testid="no-active-model">
          No model is active, so contacts are not scored.
          {canManage ? ' Activate a draft to start.' : ''}
        </Alert>
      )}
      {active && detail.data?.id === active.id && (
        <ModelSummary
          model={detail.data.document}
          title={
            <>
              Active: <Link to={`/scoring/models/${active.id}`}>{active.name}</Link> (v
              {active.version})
            </>
          }
        />
      )}

      <Stack gap="xs">
        <Title order={3}>Versions</Title>
        {list.data ? (
          list.data.items.length > 0 ? (
            <VersionsTable items={list.data.items} />
          ) : (
            <Text c="dimmed">No versions yet.</Text>
          )
        ) : (
          !list.error && <Loader size="sm" />
        )}
      </Stack>

      {creating && <NewDraftModal opened onClose={() => setCreating(false)} active={active} />}
    </Stack>
  );
}
