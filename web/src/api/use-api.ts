import { useEffect, useState } from 'react';
import { api } from './client';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
}

/** Fetches `path` whenever it changes; a null path waits. Stale answers are dropped. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({
    data: null,
    error: null,
    loading: path !== null,
  });
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path).then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: Error) => current && setState({ data: null, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [path]);
  return state;
}
