import type { Logger } from "../observability/logger.js";

/**
 * A committed change that may narrow what someone can reach. `user`: their role, sites or disabled flag
 * changed, they were deleted, or one of their API tokens was revoked. `site-removed`: the site is gone
 * for everybody, admins included.
 */
export type AccessChange = { kind: "user"; userId: string } | { kind: "site-removed"; siteId: string };

export type AccessListener = (change: AccessChange) => void | Promise<void>;

/**
 * Tells long-lived connections (Socket.IO) that access changed, so they re-check at once instead of
 * trusting what they resolved at connect time. Whoever changes access emits after committing; listeners
 * are told synchronously, in subscription order.
 */
export class AccessEvents {
  private readonly listeners = new Set<AccessListener>();

  constructor(private readonly logger: Logger) {}

  /** Returns the function that unsubscribes. */
  subscribe(listener: AccessListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Never throws: the change is already committed, so a failing listener must not fail the request. */
  emit(change: AccessChange): void {
    const fail = (err: unknown) => this.logger.error({ err, change }, "access change listener failed");
    for (const listener of this.listeners) {
      try {
        const result = listener(change);
        if (result instanceof Promise) result.catch(fail);
      } catch (err) {
        fail(err);
      }
    }
  }
}
