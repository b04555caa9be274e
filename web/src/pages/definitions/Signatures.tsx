import { Text } from '@mantine/core';
import { SignatureBadges } from '../../components/Signatures';
import type { DefinitionsVersion } from './types';

/** Who signed for each side, and when; a side nobody signed yet says so. */
export function Signatures({ version }: { version: DefinitionsVersion }) {
  return (
    <SignatureBadges
      signatures={version.signatures}
      proposed={version.status === 'proposed'}
      none="none: the definitions the workspace started with"
    />
  );
}

/** A version's status as people say it: a superseded version that never took effect was withdrawn. */
export function statusLabel(v: DefinitionsVersion): string {
  if (v.status === 'active') return 'in force';
  if (v.status === 'proposed') return 'awaiting signatures';
  return v.activatedAt ? 'superseded' : 'withdrawn';
}

export const statusColors: Record<DefinitionsVersion['status'], string> = {
  active: 'green',
  proposed: 'yellow',
  superseded: 'gray',
};

export function SignatureNotes({ version }: { version: DefinitionsVersion }) {
  const notes = version.signatures.filter((s) => s.note);
  if (notes.length === 0) return null;
  return (
    <>
      {notes.map((s) => (
        <Text key={s.member.id} size="xs" c="dimmed">
          {s.member.name} ({s.side}): “{s.note}”
        </Text>
      ))}
    </>
  );
}
