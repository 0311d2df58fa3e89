import type { CommandService } from "../../commands/command-types.js";
import type { Db } from "../../db/client.js";
import type { DomainEventPublisher } from "../../events/domain-events.js";
import type { DeviceLatency } from "../../observability/latency.js";
import type { Logger } from "../../observability/logger.js";
import { type BatchWriter, READY } from "../batch-writer.js";
import type { DeviceRegistry } from "../device-registry.js";

/** What every domain handler needs; handlers turn one accepted message into rows for the writer. */
export interface HandlerContext {
  writer: BatchWriter<Db>;
  /** For reads a handler or check needs beyond its rows (quotas); writes go through the writer. */
  db: Db;
  /** The hub's own live events (e.g. a stored gate crop); accepted device messages are emitted by ingest. */
  events: DomainEventPublisher;
  registry: DeviceRegistry;
  logger: Logger;
  /** Snapshots are written below `<dataDir>/snapshots`, gate crops below `<dataDir>/gate-crops`. */
  dataDir: string;
  commands?: CommandService;
  /** Where capture → hub latencies go; without it they are not measured (tools, some tests). */
  latency?: Pick<DeviceLatency, "observeCapture" | "observeEmit">;
}

/** Nothing to wait for; identical to the writer's READY so callers can tell. */
export const DONE: Promise<void> = READY;
