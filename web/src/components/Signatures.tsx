import { Badge, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useSession } from '../auth/session';
import { formatAbsolute } from './Time';

/*
 * The two documents both sides sign (the stage definitions, the SLA
 * contract) show and take signatures alike: one member per side, an admin
 * naming the side they sign for.
 */

export type SignSide = 'marketing' | 'sales';

export const sides: SignSide[] = ['marketing', 'sales'];

export interface ShownSignature {
  member: { id: string; name: string };
  side: SignSide;
  signedAt: string;
  /** Shown on hover, where the document takes notes. */
  note?: string | null;
}

/**
 * Who signed for each side, and when; a side nobody signed yet says so.
 * A version in force without signatures is the workspace's starting one: `none` says that.
 */
export function SignatureBadges({
  signatures,
  proposed,
  none,
}: {
  signatures: readonly ShownSignature[];
  proposed: boolean;
  none: string;
}) {
  if (!proposed && signatures.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="signatures">
        {none}
      </Text>
    );
  return (
    <Group gap="xs" data-testid="signatures">
      {sides.map((side) => {
        const signed = signatures.filter((s) => s.side === side);
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

/**
 * Signing a proposal for the signed-in member's side; an admin picks the side
 * (by default the one still missing). `sign` gets the request body's side:
 * named only for an admin, the server knows everyone else's. `fields` stand
 * beside the button (a note); `showError` renders a refusal.
 */
export function SignControl({
  signatures,
  sign,
  fields,
  showError,
}: {
  signatures: readonly ShownSignature[];
  sign(choice: { side?: SignSide }): Promise<void>;
  fields?: ReactNode;
  showError(error: Error): ReactNode;
}) {
  const { member } = useSession();
  const missing = sides.find((s) => !signatures.some((x) => x.side === s)) ?? 'marketing';
  const [adminSide, setAdminSide] = useState<SignSide>(missing);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  if (!member) return null;
  const mine = signatures.find((s) => s.member.id === member.id);
  if (mine)
    return (
      <Text size="sm" data-testid="signed-by-me">
        You signed for {mine.side} on {formatAbsolute(mine.signedAt)}.
      </Text>
    );
  const side: SignSide =
    member.role === 'admin' ? adminSide : member.role === 'marketing' ? 'marketing' : 'sales';
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await sign(member.role === 'admin' ? { side } : {});
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group align="end" gap="sm">
        {member.role === 'admin' && (
          <SegmentedControl
            data={sides.map((s) => ({ value: s, label: `for ${s}` }))}
            value={adminSide}
            onChange={(v) => setAdminSide(v as SignSide)}
            data-testid="sign-side"
          />
        )}
        {fields}
        <Button onClick={() => void submit()} loading={busy} data-testid="sign-button">
          Sign for {side}
        </Button>
      </Group>
      {error && showError(error)}
    </Stack>
  );
}
