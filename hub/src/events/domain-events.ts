import type { HubAlert, LiveData, LiveEventKind, MessageKind } from "@sitewatch/shared-protocol";
import { EventBus, type EventBusOptions } from "./event-bus.js";

/**
 * Device messages on the bus are named by their message kind, so the hub keeps one vocabulary with
 * shared-protocol; these are the kinds ingest emits (the ones dashboards are also shown).
 */
export type DeviceEventKind = Extract<LiveEventKind, MessageKind>;

/**
 * A device message the hub accepted (valid, not a duplicate, in sequence), with the address its topic
 * named. Emitted before it is stored, so subscribers must not assume the row is already written. The
 * hub's own live events (shared-protocol's `hubEventSchemas`, e.g. `gateCropStored`) travel in the same
 * wrapper; their emitters say when (a stored gate crop: after its file and row are committed).
 */
export interface DeviceEvent<K extends LiveEventKind> {
  site: string;
  device: string;
  camera?: string;
  data: LiveData<K>;
}

/**
 * A committed change that may narrow what someone can reach. `user`: their role, sites or disabled flag
 * changed, they were deleted, or one of their API tokens was revoked. `site-removed`: the site is gone
 * for everybody, admins included.
 */
export type AccessChange = { kind: "user"; userId: string } | { kind: "site-removed"; siteId: string };

/** Every event the hub publishes internally, by name. A new role adds its message kinds to shared-protocol. */
export type DomainEvents = { [K in LiveEventKind]: DeviceEvent<K> } & {
  /** A condition opened an alert (stored, guarded against a second instance raising it too). */
  alertRaised: HubAlert;
  /** Someone acknowledged an open alert; the payload carries acknowledgedAt/By. */
  alertAcknowledged: HubAlert;
  /** The alert's condition ended. */
  alertResolved: HubAlert;
  /** Emitted after the change is committed. */
  accessChanged: AccessChange;
};

export type DomainEventName = keyof DomainEvents;
export type HubEventBus = EventBus<DomainEvents>;
/** What emitters get: they publish, they never see who listens. */
export type DomainEventPublisher = Pick<HubEventBus, "emit">;
/** What subscribers get. */
export type DomainEventSource = Pick<HubEventBus, "on" | "off">;

export function createHubEventBus(options: EventBusOptions): HubEventBus {
  return new EventBus<DomainEvents>(options);
}
