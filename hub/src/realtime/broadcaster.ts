import {
  type HubAlert,
  type LiveBatchEntry,
  type LiveEvent,
  type LiveEventKind,
  liveEventNames,
} from "@sitewatch/shared-protocol";
import type { DeviceEvent, DomainEventSource } from "../events/domain-events.js";
import { cameraRoom, type HubIo, siteRoom } from "./socket-types.js";

/**
 * Pushes live data to dashboards. It listens on the domain event bus (`broadcastDomainEvents`), where
 * ingest emits as soon as a message is accepted, before the batch is written, so dashboards never wait
 * for the database.
 */
export interface Broadcaster {
  live<K extends LiveEventKind>(kind: K, event: LiveEvent<K>): void;
  alert(type: "alert:raised" | "alert:resolved", alert: HubAlert): void;
}

/**
 * Subscribes the broadcaster to every domain event dashboards are shown: each accepted device message
 * under its live name, and alerts (an acknowledgement is re-sent as `alert:raised` with acknowledgedAt).
 * Returns the function that unsubscribes.
 */
export function broadcastDomainEvents(events: DomainEventSource, broadcaster: Broadcaster): () => void {
  // The bus types each payload by name; TypeScript cannot narrow its map for a generic K, hence the cast.
  const forward = <K extends LiveEventKind>(kind: K) =>
    events.on(kind, (event) => broadcaster.live(kind, event as DeviceEvent<K>));
  const unsubscribe = [
    ...(Object.keys(liveEventNames) as LiveEventKind[]).map(forward),
    events.on("alertRaised", (alert) => broadcaster.alert("alert:raised", alert)),
    events.on("alertAcknowledged", (alert) => broadcaster.alert("alert:raised", alert)),
    events.on("alertResolved", (alert) => broadcaster.alert("alert:resolved", alert)),
  ];
  return () => {
    for (const off of unsubscribe) off();
  };
}

/**
 * Kinds whose next message supersedes the last one, so dropping one for a client that is not ready
 * loses nothing: they are sent volatile and never pile up in a slow client's buffer.
 */
const volatileKinds: ReadonlySet<LiveEventKind> = new Set(["health", "liveFrame"]);
/** Large payloads go out alone: batching them would only make one huge frame. */
const unbatchedKinds: ReadonlySet<LiveEventKind> = new Set(["snapshot", "segmentReady"]);
/** Bounds one `live:batch` frame; a longer turn's worth is split. */
const MAX_BATCH = 500;

// The event maps are keyed by name, but here the name is only known at run time; the payload shape
// is guaranteed by LiveEvent<K>, so the emit goes through one untyped signature.
type UntypedEmit = { emit(name: string, payload: unknown): boolean };

/**
 * Broadcasts through Socket.IO rooms; with a shared adapter the rooms span every hub instance. Site
 * events of one event-loop turn go out together as `live:batch` (one WebSocket frame per client instead
 * of one per event, which at thousands of events per second is most of the hub's CPU); a lone event is
 * sent under its own name. Everything for a site keeps its order: an alert or a large event first
 * sends what is queued before it.
 */
export function createSocketBroadcaster(io: HubIo): Broadcaster {
  const queued = new Map<string, LiveBatchEntry[]>();
  let scheduled = false;

  function send(room: string): void {
    const entries = queued.get(room);
    if (!entries) return;
    queued.delete(room);
    for (let i = 0; i < entries.length; i += MAX_BATCH) {
      const chunk = entries.slice(i, i + MAX_BATCH);
      const [only] = chunk;
      if (chunk.length === 1 && only) (io.to(room) as unknown as UntypedEmit).emit(only[0], only[1]);
      else io.to(room).emit("live:batch", chunk);
    }
  }

  function sendAll(): void {
    scheduled = false;
    for (const room of [...queued.keys()]) send(room);
  }

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
      const room = siteRoom(event.site);
      if (volatileKinds.has(kind)) {
        (io.to(room).volatile as unknown as UntypedEmit).emit(name, event);
        return;
      }
      if (unbatchedKinds.has(kind)) {
        send(room);
        (io.to(room) as unknown as UntypedEmit).emit(name, event);
        return;
      }
      let entries = queued.get(room);
      if (!entries) {
        entries = [];
        queued.set(room, entries);
      }
      entries.push([name, event] as LiveBatchEntry);
      if (!scheduled) {
        scheduled = true;
        setImmediate(sendAll);
      }
    },
    alert(type, alert) {
      const room = siteRoom(alert.site);
      send(room);
      io.to(room).emit(type, alert);
    },
  };
}
