import { Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ModelVersion } from '../../api/scoring-types';

export type Busy = 'save' | 'activate' | 'retire' | 'copy' | null;

interface Props {
  version: ModelVersion;
  /** A draft the member may change. */
  editable: boolean;
  canManage: boolean;
  dirty: boolean;
  /** The document cannot be sent as it is (JSON that does not parse). */
  blocked: boolean;
  status: string;
  busy: Busy;
  onSave(): void;
  onActivate(): void;
  onRetire(): void;
  onCopy(): void;
}

/** Save, activate (after a confirmation), retire, or copy into a new draft. */
export function VersionActions(props: Props) {
  const { version, editable, canManage, dirty, blocked, status, busy } = props;
  const [confirm, setConfirm] = useState<'activate' | 'retire' | null>(null);
  const working = busy !== null;

  return (
    <Group justify="space-between" data-testid="model-actions">
      <Group gap="xs">
        {editable && (
          <>
            <Button
              onClick={props.onSave}
              disabled={!dirty || blocked || working}
              loading={busy === 'save'}
              data-testid="save-draft"
            >
              Save draft
            </Button>
            <Button
              color="green"
              variant="light"
              onClick={() => setConfirm('activate')}
              disabled={blocked || working}
              loading={busy === 'activate'}
              data-testid="activate-model"
            >
              Activate…
            </Button>
            <Button
              color="gray"
              variant="subtle"
              onClick={() => setConfirm('retire')}
              disabled={working}
              loading={busy === 'retire'}
              data-testid="retire-model"
            >
              Retire…
            </Button>
          </>
        )}
        {!editable && canManage && (
          <Button
            variant="light"
            onClick={props.onCopy}
            disabled={working}
            loading={busy === 'copy'}
            data-testid="save-as-new-draft"
          >
            Save as new draft
          </Button>
        )}
      </Group>
      <Group gap={6}>
        {status.startsWith('Checking') && <Loader size="xs" />}
        <Text size="sm" c="dimmed" data-testid="editor-status">
          {status}
        </Text>
      </Group>

      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={
          confirm === 'activate' ? `Activate v${version.version}?` : `Retire v${version.version}?`
        }
      >
        <Stack>
          {confirm === 'activate' ? (
            <Text size="sm">
              “{version.name}” replaces the active model for everyone. Every contact is rescored
              with it, and each change is kept in the contacts&apos; score history.
              {dirty && ' Your unsaved changes are saved first.'}
            </Text>
          ) : (
            <Text size="sm">
              “{version.name}” stays readable but can no longer be edited or activated. You can
              still copy it into a new draft.
            </Text>
          )}
          <Group justify="end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              color={confirm === 'activate' ? 'green' : 'gray'}
              data-testid="confirm-action"
              onClick={() => {
                const action = confirm;
                setConfirm(null);
                if (action === 'activate') props.onActivate();
                else if (action === 'retire') props.onRetire();
              }}
            >
              {confirm === 'activate' ? 'Activate and rescore' : 'Retire'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
