import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { ApiRequestError } from "../../api/api-client.js";
import { useLive } from "../../app/app-context.js";
import type { Resource } from "../../app/use-resource.js";

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The pages loaded so far, newest first, and the cursor of the next older page (null: no more). */
export type CursorList<T> = CursorPage<T>;

/**
 * Where a pushed item goes in a list sorted by `order`: replaced where it is listed, else inserted in
 * order — unless older pages exist and it sorts after everything loaded, because then it belongs to a
 * page nobody asked for yet and would show out of place.
 */
export function placeItem<T>(
  list: CursorList<T>,
  item: T,
  idOf: (item: T) => string,
  order: (a: T, b: T) => number,
): CursorList<T> {
  const id = idOf(item);
  const at = list.items.findIndex((x) => idOf(x) === id);
  if (at >= 0) return { ...list, items: list.items.map((x, i) => (i === at ? item : x)) };
  const before = list.items.findIndex((x) => order(item, x) < 0);
  if (before < 0 && list.nextCursor) return list;
  const items = [...list.items];
  items.splice(before < 0 ? items.length : before, 0, item);
  return { ...list, items };
}

export interface CursorListResource<T> extends Resource<CursorList<T>> {
  /** Appends the next older page; no-op while loading or when there is none. */
  more(): void;
  /** A live change: replaces the item, or inserts it where it belongs (see `placeItem`). */
  upsert(item: T): void;
}

/**
 * A newest-first list the hub pages with `nextCursor`, grown by "load older" and kept current by
 * pushed items. Loaded again from its first page when `deps` change and after a live reconnect (what
 * was pushed while offline was missed); a response overtaken by a newer request is dropped.
 */
export function useCursorList<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  idOf: (item: T) => string,
  order: (a: T, b: T) => number,
  deps: DependencyList,
): CursorListResource<T> {
  const live = useLive();
  const [data, setData] = useState<CursorList<T> | undefined>(undefined);
  const [error, setError] = useState<ApiRequestError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const latest = useRef<CursorList<T> | undefined>(undefined);
  latest.current = data;

  const load = useCallback(
    (cursor: string | undefined) => {
      const mine = ++generation.current;
      setLoading(true);
      fetchPage(cursor).then(
        (page) => {
          if (mine !== generation.current) return;
          setData((old) => {
            if (!cursor || !old) return page;
            const known = new Set(old.items.map(idOf));
            return {
              items: [...old.items, ...page.items.filter((x) => !known.has(idOf(x)))],
              nextCursor: page.nextCursor,
            };
          });
          setError(undefined);
          setLoading(false);
        },
        (err: unknown) => {
          if (mine !== generation.current) return;
          setError(err instanceof ApiRequestError ? err : new ApiRequestError(0, "INTERNAL", String(err)));
          setLoading(false);
        },
      );
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: callers list what `fetchPage` depends on.
    deps,
  );
  const reload = useCallback(() => load(undefined), [load]);
  useEffect(() => {
    // Other deps list something else: nothing of the old list may show meanwhile. A resync keeps it
    // on screen until the fresh first page replaces it.
    setData(undefined);
    reload();
    return live.onResync(reload);
  }, [reload, live]);

  const more = useCallback(() => {
    const cursor = latest.current?.nextCursor;
    if (cursor) load(cursor);
  }, [load]);
  const mutate = useCallback(
    (update: (current: CursorList<T> | undefined) => CursorList<T> | undefined) => setData(update),
    [],
  );
  const upsert = useCallback(
    (item: T) => setData((list) => list && placeItem(list, item, idOf, order)),
    [idOf, order],
  );
  return { data, error, loading, reload, mutate, more, upsert };
}
