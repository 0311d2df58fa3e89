import { type RefObject, useEffect, useState } from "react";
import { ApiRequestError } from "../api/api-client.js";
import { useApi } from "../app/app-context.js";

export type TokenImage =
  | { state: "waiting" }
  | { state: "loading" }
  | { state: "ready"; url: string }
  | { state: "missing" }
  | { state: "failed"; message: string };

/**
 * True once `ref`'s element came near the viewport, and from then on: a long list fetches the pictures
 * of the rows someone scrolls to, not all of them. Without IntersectionObserver everything counts as
 * seen (the thumbnails still load, only not lazily).
 */
export function useSeen(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}

/**
 * The picture at `path` (a gate crop, an incident thumbnail) as an object URL (an `<img>` cannot send
 * the bearer token), fetched only once
 * `enabled`. The URL is revoked when the path changes or the row unmounts; a response that arrives
 * after that is dropped without ever becoming a URL, so nothing leaks.
 */
export function useTokenImage(path: string | undefined, enabled: boolean): TokenImage {
  const api = useApi();
  const [image, setImage] = useState<TokenImage>({ state: "waiting" });
  useEffect(() => {
    if (!path || !enabled) {
      setImage({ state: "waiting" });
      return;
    }
    let current = true;
    let url: string | undefined;
    setImage({ state: "loading" });
    api.blob(path).then(
      (blob) => {
        if (!current) return;
        url = URL.createObjectURL(blob);
        setImage({ state: "ready", url });
      },
      (err: unknown) => {
        if (!current) return;
        if (err instanceof ApiRequestError && err.status === 404) setImage({ state: "missing" });
        else setImage({ state: "failed", message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, path, enabled]);
  return image;
}
