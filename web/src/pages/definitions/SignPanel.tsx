import { Alert, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client';
import { SignControl, type SignSide } from '../../components/Signatures';
import type { DefinitionsVersion } from './types';

/** Signing a proposal for the signed-in member's side, with an optional note; an admin picks the side. */
export function SignPanel({
  version,
  onSigned,
}: {
  version: DefinitionsVersion;
  onSigned(v: DefinitionsVersion): void;
}) {
  const [note, setNote] = useState('');
  const sign = async (choice: { side?: SignSide }) => {
    const signed = await api<DefinitionsVersion>(
      `/api/v1/definitions/versions/${encodeURIComponent(version.id)}/signatures`,
      {
        method: 'POST',
        body: { ...choice, ...(note.trim() ? { note: note.trim() } : {}) },
      },
    );
    onSigned(signed);
  };
  return (
    <SignControl
      signatures={version.signatures}
      sign={sign}
      fields={
        <TextInput
          label="Note (optional)"
          placeholder="What your side agreed to"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={2000}
          w={320}
          data-testid="sign-note"
        />
      }
      showError={(error) => (
        <Alert color="red" w="100%" data-testid="sign-error">
          {error.message}
        </Alert>
      )}
    />
  );
}
