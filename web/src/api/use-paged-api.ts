import { useEffect, useState } from 'react';
import { api } from './client';
import type { Page } from './types';
import { useApi } from './use-api';

export interface PagedList<T> {
  rows: T[];
  loading: boolean;
  error: Error | null;
  /** True once the first page has arrived. */
  loaded: boolean;
  hasMore: boolean;
  loadMore(): Promise<void>;
}

/** A cursor-paginated list: the first page follows `path`, later pages append. */
export function usePagedApi<T>(path: string): PagedList<T> {
  const first = useApi<Page<T>>(path);
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);

  useEffect(() => {
    setRows(first.data?.items ?? []);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  async function loadMore() {
    if (!cursor) return;
    const page = await api<Page<T>>(
      `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`,
    );
    setRows((list) => [...list, ...page.items]);
    setCursor(page.nextCursor);
  }

  return {
    rows,
    loading: first.loading,
    error: first.error,
    loaded: first.data !== null,
    hasMore: cursor !== null,
    loadMore,
  };
}
