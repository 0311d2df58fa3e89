import {
  type HubAlert,
  type LiveEvent,
  type LiveEventKind,
  liveEventNames,
} from "@sitewatch/shared-protocol";
import { cameraRoom, type HubIo, siteRoom } from "./socket-types.js";

/**
 * Pushes live data to dashboards. Ingest calls it as soon as a message is accepted, before the batch
 * is written, so dashboards never wait for the database.
 */
export interface Broadcaster {
  live<K extends LiveEventKind>(kind: K, event: LiveEvent<K>): void;
  alert(type: "alert:raised" | "alert:resolved", alert: HubAlert): void;
}

/** For processes without dashboards (migrate, tests of ingest alone): records nothing, sends nothing. */
export const silentBroadcaster: Broadcaster = {
  live: () => {},
  alert: () => {},
};

/** Forwards to a target attached later, for parts built before the socket server they push through. */
export function deferredBroadcaster(): { broadcaster: Broadcaster; attach(target: Broadcaster): void } {
  let target = silentBroadcaster;
  return {
    broadcaster: {
      live: (kind, event) => target.live(kind, event),
      alert: (type, alert) => target.alert(type, alert),
    },
    attach: (next) => {
      target = next;
    },
  };
}

/**
 * Kinds whose next message supersedes the last one, so dropping one for a client that is not ready
 * loses nothing: they are sent volatile and never pile up in a slow client's buffer.
 */
const volatileKinds: ReadonlySet<LiveEventKind> = new Set(["health", "liveFrame"]);

// The event maps are keyed by name, but here the name is only known at run time; the payload shape
// is guaranteed by LiveEvent<K>, so the emit goes through one untyped signature.
type UntypedEmit = { emit(name: string, payload: unknown): boolean };

/** Broadcasts through Socket.IO rooms; with a shared adapter the rooms span every hub instance. */
export function createSocketBroadcaster(io: HubIo): Broadcaster {
  return {
    live(kind, event) {
      const name = liveEventNames[kind];
      if (kind === "liveFrame") {
        // Frames go to the camera's viewers only; a site room may hold dashboards that never asked.
        if (event.camera === undefined) return;
        const target = io.to(cameraRoom({ site: event.site, device: event.device, camera: event.camera }));
        (target.volatile as unknown as UntypedEmit).emit(name, event);
        return;
      }
      const target = io.to(siteRoom(event.site));
      ((volatileKinds.has(kind) ? target.volatile : target) as unknown as UntypedEmit).emit(name, event);
    },
    alert(type, alert) {
      io.to(siteRoom(alert.site)).emit(type, alert);
    },
  };
}
