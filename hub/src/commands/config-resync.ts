import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { cameras } from "../db/schema/index.js";
import type { DomainEventSource } from "../events/domain-events.js";
import type { Logger } from "../observability/logger.js";

export interface ConfigResyncDeps {
  db: Db;
  logger: Logger;
  /**
   * Sends the device its stored configuration and reports what happened (never throws). The composition
   * root passes http/device-config's push, so commands/ does not import http/.
   */
  push: (site: string, device: string) => Promise<object>;
  /** Resolves once accepted events are written, so the device row already says it is online. */
  flush: () => Promise<void>;
}

/**
 * Seat or camera edits made while a device was offline are only stored; this sends the device its
 * current configuration as soon as it announces itself online again (an accepted `availability` event).
 * Devices the hub has no cameras for are left alone: an empty push would wipe the cameras the
 * installer configured locally with `edge-agent init`. Returns the function that unsubscribes.
 */
export function resyncConfigOnReconnect(events: DomainEventSource, deps: ConfigResyncDeps): () => void {
  const resync = async (site: string, device: string) => {
    await deps.flush();
    const [known] = await deps.db
      .select({ id: cameras.id })
      .from(cameras)
      .where(and(eq(cameras.siteId, site), eq(cameras.deviceId, device)))
      .limit(1);
    if (!known) return;
    const report = await deps.push(site, device);
    deps.logger.info({ site, ...report }, "configuration re-sent after reconnect");
  };
  return events.on("availability", (event) => {
    if (event.data.state !== "online") return;
    resync(event.site, event.device).catch((err: unknown) =>
      deps.logger.warn({ err, site: event.site, device: event.device }, "configuration re-sync failed"),
    );
  });
}
