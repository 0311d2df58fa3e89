import type { DeviceEvent, DeviceEventKind, DomainEventSource } from "../events/domain-events.js";
import type { AlertFacts, SubjectRef } from "./alert-facts.js";

/** The device events alert rules read; every other kind touches nothing alerts care about. */
type Observed = "seatChange" | "seatSnapshot" | "cameraStatus" | "availability" | "health";

type Note<K extends Observed> = (facts: AlertFacts, event: DeviceEvent<K>, now: number) => SubjectRef[];

const one = (ref: SubjectRef | undefined): SubjectRef[] => (ref ? [ref] : []);

/** Turns an accepted device message into fact updates; returns the subjects whose alerts may change. */
const notes: { [K in Observed]: Note<K> } = {
  seatChange: (facts, { site, data: m }) => one(facts.noteSeat(site, m.seat, m.to, m.at)),
  seatSnapshot: (facts, { site, data: m }) =>
    m.seats.flatMap((s) => one(facts.noteSeat(site, s.seat, s.state, s.since))),
  cameraStatus: (facts, { site, device, camera, data: m }) =>
    camera === undefined ? [] : one(facts.noteCamera(site, device, camera, m.state, m.ts, m.reason)),
  // The will carries the connect time, so the hub's clock says when the device went away.
  availability: (facts, { site, device, data: m }, now) =>
    one(facts.noteDevice(site, device, m.state === "online", now)),
  // A heartbeat proves the device is connected, whatever an earlier will said (as in ingest).
  health: (facts, { site, device }, now) => one(facts.noteDevice(site, device, true, now)),
};

/** One accepted device message into fact updates; [] for kinds alert rules do not read. */
export function noteDeviceEvent<K extends DeviceEventKind>(
  facts: AlertFacts,
  kind: K,
  event: DeviceEvent<K>,
  now: number,
): SubjectRef[] {
  if (!(kind in notes)) return [];
  return (notes[kind as Observed] as Note<Observed>)(facts, event as DeviceEvent<Observed>, now);
}

/**
 * Subscribes the facts to the device events above; `consider` gets every subject a message touched.
 * Returns the function that unsubscribes.
 */
export function observeDeviceEvents(
  events: DomainEventSource,
  facts: AlertFacts,
  now: () => number,
  consider: (ref: SubjectRef) => void,
): () => void {
  const observe = <K extends Observed>(kind: K) =>
    events.on(kind, (event) => {
      for (const ref of noteDeviceEvent(facts, kind, event as DeviceEvent<K>, now())) consider(ref);
    });
  const unsubscribe = (Object.keys(notes) as Observed[]).map(observe);
  return () => {
    for (const off of unsubscribe) off();
  };
}
