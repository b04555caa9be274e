import { useEffect, useRef, useState } from 'react';
import { api } from './client';
import type { Page } from './types';
import { type Loaded, useApi } from './use-api';

export interface PagedList<T> {
  rows: T[];
  /** The first page (for the current path) is on its way. */
  loading: boolean;
  error: Error | null;
  /** True once a first page has arrived. */
  loaded: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMoreError: Error | null;
  loadMore(): void;
}

/** A cursor-paginated list: the first page follows `path`, later pages append. */
export function usePagedApi<T>(path: string): PagedList<T> {
  return useMorePages(useApi<Page<T>>(path), path);
}

/**
 * Appends later pages to a first page however it was loaded. A page asked for
 * before the first page changed (a new path, a refresh) must not be appended.
 */
export function useMorePages<T>(first: Loaded<Page<T>>, path: string): PagedList<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<Error | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    generation.current += 1;
    setRows(first.data?.items ?? []);
    setCursor(first.data?.nextCursor ?? null);
    setLoadMoreError(null);
  }, [first.data]);

  function loadMore() {
    if (!cursor || loadingMore) return;
    const askedIn = generation.current;
    setLoadingMore(true);
    setLoadMoreError(null);
    api<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`)
      .then(
        (page) => {
          if (generation.current !== askedIn) return;
          setRows((list) => [...list, ...page.items]);
          setCursor(page.nextCursor);
        },
        (error: Error) => {
          if (generation.current === askedIn) setLoadMoreError(error);
        },
      )
      .finally(() => setLoadingMore(false));
  }

  return {
    rows,
    loading: first.loading,
    error: first.error,
    loaded: first.data !== null,
    hasMore: cursor !== null,
    loadingMore,
    loadMoreError,
    loadMore,
  };
}
