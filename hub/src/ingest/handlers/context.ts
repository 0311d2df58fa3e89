import type { CommandService } from "../../commands/command-types.js";
import type { Db } from "../../db/client.js";
import type { DeviceLatency } from "../../observability/latency.js";
import type { Logger } from "../../observability/logger.js";
import { type BatchWriter, READY } from "../batch-writer.js";
import type { DeviceRegistry } from "../device-registry.js";

/** What every domain handler needs; handlers turn one accepted message into rows for the writer. */
export interface HandlerContext {
  writer: BatchWriter<Db>;
  registry: DeviceRegistry;
  logger: Logger;
  /** Snapshots are written below `<dataDir>/snapshots`. */
  dataDir: string;
  commands?: CommandService;
  /** Where capture → hub latencies go; without it they are not measured (tools, some tests). */
  latency?: Pick<DeviceLatency, "observeCapture" | "observeEmit">;
}

/** Nothing to wait for; identical to the writer's READY so callers can tell. */
export const DONE: Promise<void> = READY;
