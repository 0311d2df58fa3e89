import type { CameraAddress, LiveFrame } from "@sitewatch/shared-protocol";
import { useEffect, useState } from "react";
import { useLive } from "../app/app-context.js";
import { subscribeLive } from "../live/subscribe-live.js";

const ACK_TIMEOUT_MS = 10_000;

/** Whether the page is in view; a background tab is not watching, so the camera need not stream. */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== "hidden");
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== "hidden");
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  return visible;
}

export type WatchState =
  | { state: "idle" }
  | { state: "waiting" }
  | { state: "watching"; frame: LiveFrame; at: number }
  | { state: "failed"; message: string };

/**
 * Watches one camera live while `active`: `live:watch` when it starts and again after every reconnect
 * (the hub forgets a closed connection's views), `live:unwatch` when it stops — inactive, another
 * camera, or unmounted. The hub runs the device's live session only while somebody watches, so a view
 * left open in a hidden tab should pass `active` false. Frames of other cameras are ignored.
 */
export function useLiveWatch(address: CameraAddress | undefined, active: boolean): WatchState {
  const live = useLive();
  const [watch, setWatch] = useState<WatchState>({ state: "idle" });
  const site = address?.site;
  const device = address?.device;
  const camera = address?.camera;

  useEffect(() => {
    if (!active || site === undefined || device === undefined || camera === undefined) {
      setWatch({ state: "idle" });
      return;
    }
    const target = { site, device, camera };
    let current = true;
    setWatch({ state: "waiting" });
    const start = () => {
      live.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck("live:watch", target)
        .then(
          (result) => {
            if (current && !result.ok) setWatch({ state: "failed", message: result.error.message });
          },
          (err: unknown) => {
            if (current)
              setWatch({ state: "failed", message: err instanceof Error ? err.message : String(err) });
          },
        );
    };
    const off = subscribeLive(live.socket, "live:frame", (event) => {
      if (event.site !== site || event.device !== device || event.camera !== camera) return;
      setWatch({ state: "watching", frame: event.data, at: Date.now() });
    });
    if (live.socket.connected) start();
    live.socket.on("connect", start);
    return () => {
      current = false;
      off();
      live.socket.off("connect", start);
      // A closed connection already ended its views on the hub; only an open one needs to say so.
      if (live.socket.connected)
        void live.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck("live:unwatch", target)
          .catch(() => undefined);
    };
  }, [live, active, site, device, camera]);

  return watch;
}
