import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useApi } from '../api/use-api';
import { PersonaCards } from './definitions/PersonaCards';
import type { PersonaList } from './definitions/types';

/** The buyer profiles in force, with how many contacts each matches now. */
export function PersonasPage() {
  const { data, error } = useApi<PersonaList>('/api/v1/personas');
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!data) return <Loader />;
  const counts = new Map(data.items.map((p) => [p.key, p.contacts]));
  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Personas</Title>
        <Text c="dimmed" maw={860}>
          Who we sell to. Every contact is matched to the first persona whose criteria it meets,
          whenever its profile or account changes; the scoring model's fit rules can reward a
          persona. Personas are part of the{' '}
          <Anchor component={Link} to="/definitions">
            definitions
          </Anchor>{' '}
          (version {data.version.version}): change them there, and once both sides have signed every
          contact is matched again.
        </Text>
      </div>
      <PersonaCards personas={data.items} counts={counts} />
    </Stack>
  );
}
