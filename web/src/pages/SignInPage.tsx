import {
  Alert,
  Button,
  Card,
  Center,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';

export function SignInPage() {
  const { member, signIn } = useSession();
  // A shared link (say, a filtered contacts list) survives the detour through sign-in.
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (member) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Once the member is set, the redirect above takes them on.
      await signIn(email, password);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Sign-in failed unexpectedly');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0">
      <Card withBorder shadow="sm" padding="xl" w={380}>
        <form onSubmit={submit}>
          <Stack>
            <div>
              <Title order={2}>Tandem</Title>
              <Text c="dimmed" size="sm">
                Sign in to the lead desk
              </Text>
            </div>
            {error && (
              <Alert color="red" data-testid="signin-error">
                {error}
              </Alert>
            )}
            <TextInput
              label="Email"
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
