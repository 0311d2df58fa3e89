import type { LiveEvent, LiveEventKind, MessageOf } from "@sitewatch/shared-protocol";
import type { AlertFacts, SubjectRef } from "./alert-facts.js";

/**
 * Turns an accepted device message, as it passes the broadcaster, into fact updates. Returns the
 * subjects whose alerts may have to change; most messages touch nothing alerts care about.
 */
export function noteLiveEvent<K extends LiveEventKind>(
  facts: AlertFacts,
  kind: K,
  event: LiveEvent<K>,
  now: number,
): SubjectRef[] {
  const { site, device, camera } = event;
  const touched: SubjectRef[] = [];
  const add = (ref: SubjectRef | undefined) => {
    if (ref) touched.push(ref);
  };
  switch (kind) {
    case "seatChange": {
      const m = event.data as MessageOf<"seatChange">;
      add(facts.noteSeat(site, m.seat, m.to, m.at));
      break;
    }
    case "seatSnapshot": {
      const m = event.data as MessageOf<"seatSnapshot">;
      for (const s of m.seats) add(facts.noteSeat(site, s.seat, s.state, s.since));
      break;
    }
    case "cameraStatus": {
      const m = event.data as MessageOf<"cameraStatus">;
      if (camera !== undefined) add(facts.noteCamera(site, device, camera, m.state, m.ts, m.reason));
      break;
    }
    case "availability": {
      // The will carries the connect time, so the hub's clock says when the device went away.
      const m = event.data as MessageOf<"availability">;
      add(facts.noteDevice(site, device, m.state === "online", now));
      break;
    }
    case "health":
      // A heartbeat proves the device is connected, whatever an earlier will said (as in ingest).
      add(facts.noteDevice(site, device, true, now));
      break;
    default:
      break;
  }
  return touched;
}
