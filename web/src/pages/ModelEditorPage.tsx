import { Alert, Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { ModelVersionDetail, Rescore } from '../api/scoring-types';
import { useSession } from '../auth/session';
import { RescoreProgress } from './scoring/RescoreProgress';
import { canManageScoring } from './scoring/scoring-format';
import { VersionEditor } from './scoring/VersionEditor';
import { VersionHeader } from './scoring/VersionHeader';

/** One version of the scoring model: a draft to edit, or an active or retired one to read. */
export function ModelEditorPage() {
  const { id = '' } = useParams();
  const { member } = useSession();
  const [version, setVersion] = useState<ModelVersionDetail | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [reload, setReload] = useState(0);
  const [activation, setActivation] = useState<Rescore | null>(null);

  useEffect(() => {
    // `reload` is only a signal to fetch again.
    void reload;
    let current = true;
    setError(null);
    api<ModelVersionDetail>(`/api/v1/scoring/models/${encodeURIComponent(id)}`).then(
      (v) => current && setVersion(v),
      (e: Error) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [id, reload]);

  const back = (
    <Anchor component={Link} to="/scoring" size="sm">
      ← Scoring
    </Anchor>
  );
  if (error) {
    return (
      <Stack>
        {back}
        <Alert color="red" data-testid="model-error">
          {error.message}
        </Alert>
      </Stack>
    );
  }
  if (!version || version.id !== id) return <Loader />;
  const rescore = activation?.modelId === id ? activation : null;

  return (
    <Stack>
      {back}
      <VersionHeader version={version} />
      {version.note && (
        <Text size="sm" maw={820}>
          {version.note}
        </Text>
      )}
      {rescore && (
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={5}>v{version.version} is active: rescoring every contact</Title>
            <Anchor component={Link} to={`/scoring?rescore=${rescore.id}`} size="sm">
              Follow on the scoring page
            </Anchor>
          </Group>
          <RescoreProgress rescoreId={rescore.id} initial={rescore} />
        </Card>
      )}
      {version.status !== 'draft' && !rescore && (
        <Alert color="gray" data-testid="read-only-notice">
          This version is {version.status}, so it cannot change.
          {canManageScoring(member?.role) &&
            ' Save it as a new draft to change it, backtest the draft, then activate it.'}
        </Alert>
      )}
      <VersionEditor
        // A version that stops being a draft opens afresh, read-only.
        key={`${version.id}:${version.status}`}
        version={version}
        canManage={canManageScoring(member?.role)}
        onSaved={setVersion}
        onActivated={(activation) => {
          setActivation(activation.rescore);
          setReload((n) => n + 1);
        }}
        onRetired={() => setReload((n) => n + 1)}
      />
    </Stack>
  );
}
