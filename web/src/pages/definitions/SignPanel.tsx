import { Alert, Button, Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { useSession } from '../../auth/session';
import { formatAbsolute } from '../../components/Time';
import { sides } from './Signatures';
import type { DefinitionsVersion, Side } from './types';

function ownSide(role: Role): Side | null {
  if (role === 'admin') return null;
  return role === 'marketing' ? 'marketing' : 'sales';
}

/** Signing a proposal for the signed-in member's side; an admin picks the side. */
export function SignPanel({
  version,
  onSigned,
}: {
  version: DefinitionsVersion;
  onSigned(v: DefinitionsVersion): void;
}) {
  const { member } = useSession();
  const missing = sides.find((s) => !version.signatures.some((x) => x.side === s)) ?? 'marketing';
  const [adminSide, setAdminSide] = useState<Side>(missing);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!member) return null;
  const mine = version.signatures.find((s) => s.member.id === member.id);
  if (mine)
    return (
      <Text size="sm" data-testid="signed-by-me">
        You signed for {mine.side} on {formatAbsolute(mine.signedAt)}.
      </Text>
    );
  const side = ownSide(member.role) ?? adminSide;

  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      const signed = await api<DefinitionsVersion>(
        `/api/v1/definitions/versions/${encodeURIComponent(version.id)}/signatures`,
        {
          method: 'POST',
          body: {
            ...(member.role === 'admin' ? { side } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        },
      );
      onSigned(signed);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Group align="end" gap="sm">
      {member.role === 'admin' && (
        <SegmentedControl
          data={sides.map((s) => ({ value: s, label: `for ${s}` }))}
          value={adminSide}
          onChange={(v) => setAdminSide(v as Side)}
          data-testid="sign-side"
        />
      )}
      <TextInput
        label="Note (optional)"
        placeholder="What your side agreed to"
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        maxLength={2000}
        w={320}
        data-testid="sign-note"
      />
      <Button onClick={() => void sign()} loading={busy} data-testid="sign-button">
        Sign for {side}
      </Button>
      {error && (
        <Alert color="red" w="100%" data-testid="sign-error">
          {error}
        </Alert>
      )}
    </Group>
  );
}
