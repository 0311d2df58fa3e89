import type { DeviceEvent, DeviceEventKind, DomainEventSource } from "../events/domain-events.js";
import type { AlertFacts, SubjectRef } from "./alert-facts.js";
import type { AlertObservers, SubjectUpdate } from "./alert-family.js";

type Observer<K extends DeviceEventKind> = (event: DeviceEvent<K>, now: number) => SubjectUpdate<unknown>[];

/** The device event kinds at least one registered family reads; no other kind is subscribed to. */
export function observedKinds(facts: AlertFacts): DeviceEventKind[] {
  const kinds = facts.families.flatMap((f) => Object.keys(f.observe) as DeviceEventKind[]);
  return [...new Set(kinds)];
}

/**
 * One accepted device message into fact updates, family by family in registration order; returns the
 * subjects whose alerts may change ([] for kinds no family reads).
 */
export function noteDeviceEvent<K extends DeviceEventKind>(
  facts: AlertFacts,
  kind: K,
  event: DeviceEvent<K>,
  now: number,
): SubjectRef[] {
  const refs: SubjectRef[] = [];
  for (const family of facts.families) {
    const observe = (family.observe as AlertObservers<unknown>)[kind] as Observer<K> | undefined;
    for (const { site, subject, update } of observe?.(event, now) ?? []) {
      const ref = facts.note(family, site, subject, update);
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

/**
 * Subscribes the facts to the device events their families read; `consider` gets every subject a
 * message touched. Returns the function that unsubscribes.
 */
export function observeDeviceEvents(
  events: DomainEventSource,
  facts: AlertFacts,
  now: () => number,
  consider: (ref: SubjectRef) => void,
): () => void {
  const observe = <K extends DeviceEventKind>(kind: K) =>
    events.on(kind, (event) => {
      for (const ref of noteDeviceEvent(facts, kind, event as DeviceEvent<K>, now())) consider(ref);
    });
  const unsubscribe = observedKinds(facts).map(observe);
  return () => {
    for (const off of unsubscribe) off();
  };
}
