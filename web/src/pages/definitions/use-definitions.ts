import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { DefinitionsVersion } from './types';

const pollMs = 2000;

interface VersionsState {
  versions: DefinitionsVersion[] | null;
  error: Error | null;
  /** Fetches again (after a proposal or a signature). */
  reload(): void;
}

/**
 * Every version, newest first. While a persona re-match runs, the list is
 * fetched again every two seconds so its progress moves.
 */
export function useDefinitionsVersions(): VersionsState {
  const [versions, setVersions] = useState<DefinitionsVersion[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is what reload() changes to fetch again.
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api<{ items: DefinitionsVersion[] }>('/api/v1/definitions/versions').then(
        (data) => {
          if (!current) return;
          setVersions(data.items);
          setError(null);
          if (data.items.some((v) => v.rematch?.status === 'running'))
            timer = setTimeout(load, pollMs);
        },
        (e: Error) => current && setError(e),
      );
    };
    load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [round]);

  return { versions, error, reload };
}
