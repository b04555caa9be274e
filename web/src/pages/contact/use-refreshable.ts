import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import type { Loaded } from '../../api/use-api';
import { type PagedList, useMorePages } from '../../api/use-paged-api';

/**
 * Like useApi, and fetched again whenever `revision` changes. A refresh keeps
 * what is shown until its answer arrives, so acting on a lead does not blank
 * the page (nor does a failed refresh); a new path starts empty, so one contact
 * never shows another's data.
 */
export function useRefreshableApi<T>(path: string, revision: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { path: string }>({
    data: null,
    error: null,
    loading: true,
    path,
  });
  useEffect(() => {
    void revision;
    let current = true;
    setState((s) =>
      s.path === path
        ? { ...s, loading: s.data === null, error: null }
        : { data: null, error: null, loading: true, path },
    );
    api<T>(path).then(
      (data) => current && setState({ data, error: null, loading: false, path }),
      // A failed refresh leaves what was shown in place beside the error.
      (error: Error) => current && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [path, revision]);
  // Until the effect has run for a new path, the old path's data must not show.
  if (state.path !== path) return { data: null, error: null, loading: true };
  return { data: state.data, error: state.error, loading: state.loading };
}

/**
 * Like usePagedApi, and refreshed whenever `revision` changes: the first page
 * is fetched again and replaces the list (later pages are asked for again).
 */
export function useRefreshablePages<T>(path: string, revision: number): PagedList<T> {
  return useMorePages(useRefreshableApi<Page<T>>(path, revision), path);
}
