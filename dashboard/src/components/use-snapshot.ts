import { useCallback, useEffect, useRef, useState } from "react";
import { ApiRequestError } from "../api/api-client.js";
import { useApi, useLive } from "../app/app-context.js";
import { subscribeLive } from "../live/subscribe-live.js";

export type SnapshotState =
  | { state: "loading" }
  | { state: "none" }
  | { state: "ready"; url: string; capturedAt?: number }
  | { state: "error"; message: string };

/** A request for a fresh picture in flight (no error) or failed; `auto` when nobody pressed the button. */
export interface SnapshotRequest {
  auto: boolean;
  error?: string;
}

/**
 * The camera's latest stored picture as an object URL (an `<img>` cannot send the bearer token), again
 * whenever the device reports a new one. `request()` asks the device for a fresh picture; with
 * `autoAsked` a camera that has none is asked by itself, once per key in that set.
 */
export function useSnapshot(site: string, device: string, camera: string, autoAsked?: Set<string>) {
  const api = useApi();
  const live = useLive();
  const path = `/api/v1/sites/${site}/devices/${device}/cameras/${camera}/snapshot`;
  const [snapshot, setSnapshot] = useState<SnapshotState>({ state: "loading" });
  const [requested, setRequested] = useState<SnapshotRequest | undefined>(undefined);
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    api.blobWithHeaders(path).then(
      ({ blob, headers }) => {
        if (mine !== generation.current) return;
        const taken = Date.parse(headers.get("x-captured-at") ?? "");
        const url = URL.createObjectURL(blob);
        setSnapshot(
          Number.isNaN(taken) ? { state: "ready", url } : { state: "ready", url, capturedAt: taken },
        );
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        if (err instanceof ApiRequestError && err.status === 404) setSnapshot({ state: "none" });
        else setSnapshot({ state: "error", message: err instanceof Error ? err.message : String(err) });
      },
    );
  }, [api, path]);

  useEffect(() => {
    setSnapshot({ state: "loading" });
    setRequested(undefined);
    load();
    const off = subscribeLive(live.socket, "camera:snapshot", (event) => {
      if (event.device === device && event.camera === camera) load();
    });
    return () => {
      off();
      generation.current++;
    };
  }, [load, live, device, camera]);

  // Each picture's object URL is released when the next one replaces it or the editor closes.
  useEffect(() => {
    if (snapshot.state !== "ready") return;
    return () => URL.revokeObjectURL(snapshot.url);
  }, [snapshot]);

  const request = useCallback(
    async (auto = false) => {
      setRequested({ auto });
      try {
        // The hub answers once it stored the device's picture; the live event may also have reloaded it.
        await api.post(path);
        setRequested(undefined);
        load();
      } catch (err) {
        setRequested({ auto, error: err instanceof Error ? err.message : String(err) });
      }
    },
    [api, path, load],
  );

  // A camera without a picture, or with one older than a day (the room may have changed since), is asked
  // for one once per visit (the set outlives this editor), never again after that even when the request
  // failed: the manual button stays for a retry.
  const key = `${site}/${device}/${camera}`;
  const stale =
    snapshot.state === "ready" && snapshot.capturedAt !== undefined && isStale(snapshot.capturedAt);
  useEffect(() => {
    if ((snapshot.state !== "none" && !stale) || !autoAsked || autoAsked.has(key)) return;
    autoAsked.add(key);
    void request(true);
  }, [snapshot.state, stale, autoAsked, key, request]);

  return { snapshot, requested, request };
}

/** A stored picture this old is shown but replaced by a fresh one when the editor opens. */
export const STALE_SNAPSHOT_MS = 24 * 3600_000;

function isStale(capturedAt: number): boolean {
  return Date.now() - capturedAt > STALE_SNAPSHOT_MS;
}
