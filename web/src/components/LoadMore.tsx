import { Alert, Button, Group } from '@mantine/core';
import type { PagedList } from '../api/use-paged-api';

/** The "Load more" control under a cursor-paginated list; hidden when nothing is left. */
export function LoadMore({ list, size = 'sm' }: { list: PagedList<unknown>; size?: 'xs' | 'sm' }) {
  if (!list.hasMore && !list.loadMoreError) return null;
  return (
    <Group>
      {list.hasMore && (
        <Button
          variant="light"
          size={size}
          loading={list.loadingMore}
          onClick={list.loadMore}
          data-testid="load-more"
        >
          Load more
        </Button>
      )}
      {list.loadMoreError && (
        <Alert color="red" py={4}>
          {list.loadMoreError.message}
        </Alert>
      )}
    </Group>
  );
}
