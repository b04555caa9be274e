import { Badge, Group, Text } from '@mantine/core';
import { formatAbsolute } from '../../components/Time';
import type { DefinitionsVersion, Side } from './types';

export const sides: Side[] = ['marketing', 'sales'];

/** Who signed for each side, and when; a side nobody signed yet says so. */
export function Signatures({ version }: { version: DefinitionsVersion }) {
  if (version.status !== 'proposed' && version.signatures.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="signatures">
        none: the definitions the workspace started with
      </Text>
    );
  return (
    <Group gap="xs" data-testid="signatures">
      {sides.map((side) => {
        const signed = version.signatures.filter((s) => s.side === side);
        if (signed.length === 0)
          return (
            <Badge
              key={side}
              color="gray"
              variant="outline"
              tt="none"
              data-testid="signature-missing"
              data-side={side}
            >
              {side}: not signed
            </Badge>
          );
        return signed.map((s) => (
          <Badge
            key={s.member.id}
            color="green"
            variant="light"
            tt="none"
            data-testid="signature"
            data-side={side}
            title={s.note ?? undefined}
          >
            {side}: {s.member.name}, {formatAbsolute(s.signedAt)}
          </Badge>
        ));
      })}
    </Group>
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
