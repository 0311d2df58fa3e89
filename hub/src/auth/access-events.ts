import type { AccessChange, DomainEventPublisher, DomainEventSource } from "../events/domain-events.js";

export type AccessListener = (change: AccessChange) => void | Promise<void>;

/**
 * Tells long-lived connections (Socket.IO) that access changed, so they re-check at once instead of
 * trusting what they resolved at connect time. Whoever changes access emits after committing. It is
 * the `accessChanged` event of the domain bus, narrowed so routes and sockets can reach nothing else:
 * listeners run synchronously in subscription order, and one that fails is logged and counted by the bus
 * without failing the request that changed access.
 */
export class AccessEvents {
  constructor(private readonly bus: DomainEventPublisher & DomainEventSource) {}

  /** Returns the function that unsubscribes. */
  subscribe(listener: AccessListener): () => void {
    return this.bus.on("accessChanged", listener);
  }

  /** Never throws. */
  emit(change: AccessChange): void {
    this.bus.emit("accessChanged", change);
  }
}
