import { useCallback, useEffect, useRef, useState } from "react";
import { ApiRequestError } from "../api/api-client.js";
import { useApi, useLive } from "../app/app-context.js";
import { subscribeLive } from "../live/subscribe-live.js";

export type SnapshotState =
  | { state: "loading" }
  | { state: "none" }
  | { state: "ready"; url: string }
  | { state: "error"; message: string };

/**
 * The camera's latest stored picture as an object URL (an `<img>` cannot send the bearer token), again
 * whenever the device reports a new one. `request()` asks the device for a fresh picture.
 */
export function useSnapshot(site: string, device: string, camera: string) {
  const api = useApi();
  const live = useLive();
  const path = `/api/v1/sites/${site}/devices/${device}/cameras/${camera}/snapshot`;
  const [snapshot, setSnapshot] = useState<SnapshotState>({ state: "loading" });
  const [requested, setRequested] = useState<{ error?: string } | undefined>(undefined);
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    api.blob(path).then(
      (blob) => {
        if (mine !== generation.current) return;
        setSnapshot({ state: "ready", url: URL.createObjectURL(blob) });
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

  const request = useCallback(async () => {
    setRequested({});
    try {
      // The hub answers once it stored the device's picture; the live event may also have reloaded it.
      await api.post(path);
      setRequested(undefined);
      load();
    } catch (err) {
      setRequested({ error: err instanceof Error ? err.message : String(err) });
    }
  }, [api, path, load]);

  return { snapshot, requested, request };
}
