import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { cameras } from "../db/schema/index.js";
import { pushDeviceConfig } from "../http/device-config.js";
import type { Logger } from "../observability/logger.js";
import type { Broadcaster } from "../realtime/broadcaster.js";
import type { CommandService } from "./command-types.js";

export interface ConfigResyncDeps {
  db: Db;
  commands: CommandService;
  logger: Logger;
  commandTimeoutMs: number;
  /** Resolves once accepted events are written, so the device row already says it is online. */
  flush: () => Promise<void>;
}

/**
 * Seat or camera edits made while a device was offline are only stored; this sends the device its
 * current configuration as soon as it announces itself online again. It wraps the broadcaster because
 * that is where every accepted availability message passes, without another hook in ingest.
 * Devices the hub has no cameras for are left alone: an empty push would wipe the cameras the
 * installer configured locally with `edge-agent init`.
 */
export function withConfigResync(inner: Broadcaster, deps: ConfigResyncDeps): Broadcaster {
  const resync = async (site: string, device: string) => {
    await deps.flush();
    const [known] = await deps.db
      .select({ id: cameras.id })
      .from(cameras)
      .where(and(eq(cameras.siteId, site), eq(cameras.deviceId, device)))
      .limit(1);
    if (!known) return;
    const report = await pushDeviceConfig(deps, site, device);
    deps.logger.info({ site, ...report }, "configuration re-sent after reconnect");
  };
  return {
    live(kind, event) {
      inner.live(kind, event);
      if (kind === "availability" && (event.data as { state?: string }).state === "online") {
        resync(event.site, event.device).catch((err: unknown) =>
          deps.logger.warn({ err, site: event.site, device: event.device }, "configuration re-sync failed"),
        );
      }
    },
    alert: (type, alert) => inner.alert(type, alert),
  };
}
