import { useEffect, useRef, useState } from 'react';
import { api } from './client';
import type { Page } from './types';
import { useApi } from './use-api';

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
  const first = useApi<Page<T>>(path);
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<Error | null>(null);
  // A page asked for under an older path must not be appended to the new list.
  const currentPath = useRef(path);
  currentPath.current = path;

  useEffect(() => {
    setRows(first.data?.items ?? []);
    setCursor(first.data?.nextCursor ?? null);
    setLoadMoreError(null);
  }, [first.data]);

  function loadMore() {
    if (!cursor || loadingMore) return;
    const askedFor = path;
    setLoadingMore(true);
    setLoadMoreError(null);
    api<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`)
      .then(
        (page) => {
          if (currentPath.current !== askedFor) return;
          setRows((list) => [...list, ...page.items]);
          setCursor(page.nextCursor);
        },
        (error: Error) => {
          if (currentPath.current === askedFor) setLoadMoreError(error);
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
