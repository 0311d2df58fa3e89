import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { ApiRequestError } from "../api/api-client.js";
import { useLive } from "./app-context.js";

export interface Resource<T> {
  data: T | undefined;
  error: ApiRequestError | undefined;
  loading: boolean;
  reload(): void;
  /** Local edits between reloads, e.g. applying a live event to the loaded state. */
  mutate(update: (current: T | undefined) => T | undefined): void;
}

/**
 * Loads something over REST, again when `deps` change and again after every live reconnect (what was
 * pushed while offline was missed). A response that arrives after a newer request started is dropped.
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const live = useLive();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiRequestError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    load().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(err instanceof ApiRequestError ? err : new ApiRequestError(0, "INTERNAL", String(err)));
        setLoading(false);
      },
    );
    // biome-ignore lint/correctness/useExhaustiveDependencies: callers list what `load` depends on.
  }, deps);
  useEffect(() => {
    reload();
    return live.onResync(reload);
  }, [reload, live]);
  const mutate = useCallback((update: (current: T | undefined) => T | undefined) => setData(update), []);
  return { data, error, loading, reload, mutate };
}
