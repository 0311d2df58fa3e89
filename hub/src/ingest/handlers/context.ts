import type { CommandService } from "../../commands/command-types.js";
import type { Db } from "../../db/client.js";
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
}

/** Address of a camera-scoped message (the decoder guarantees `camera` for those kinds). */
export interface CameraAddr {
  site: string;
  device: string;
  camera: string;
}

export interface DeviceAddr {
  site: string;
  device: string;
}

/** Nothing to wait for; identical to the writer's READY so callers can tell. */
export const DONE: Promise<void> = READY;
