import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Rescore } from '../../api/scoring-types';

const pollMs = 500;

export interface RescoreWatch {
  rescore: Rescore | null;
  error: Error | null;
}

/**
 * Follows a rescore run until it finishes: `GET /api/v1/scoring/rescores/{id}`
 * every half second. `initial` (what activation answered) shows at once.
 */
export function useRescore(id: string | null, initial: Rescore | null = null): RescoreWatch {
  const [rescore, setRescore] = useState<Rescore | null>(initial);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (id === null) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setError(null);
    const poll = () => {
      api<Rescore>(`/api/v1/scoring/rescores/${encodeURIComponent(id)}`).then(
        (r) => {
          if (!current) return;
          setRescore(r);
          if (r.status === 'running') timer = setTimeout(poll, pollMs);
        },
        (e: Error) => current && setError(e),
      );
    };
    poll();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id]);

  return { rescore: rescore?.id === id ? rescore : null, error };
}
