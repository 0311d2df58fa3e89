import { DeviceHandlers } from "./handlers/device.js";
import { MediaHandlers, snapshotSink } from "./handlers/media.js";
import type { IngestModule } from "./ingest-module.js";
import { cameraStateSink, devicePatchSink } from "./sinks/device-sinks.js";
import { sequenceSink } from "./sinks/sequence-sink.js";

type CoreKind = "availability" | "health" | "commandAck" | "cameraStatus" | "snapshot" | "liveFrame";

/**
 * What every device sends whatever its cameras do: liveness, camera state, command answers and
 * snapshots. Registered like a role, last, so its sinks (devices, cameras, the sequence row) are
 * written after the role tables in a flush.
 */
export const deviceCoreIngest: IngestModule<CoreKind> = {
  name: "device",
  kinds: ["availability", "health", "commandAck", "cameraStatus", "snapshot", "liveFrame"],
  sinks: [snapshotSink, cameraStateSink, devicePatchSink, sequenceSink],
  create(ctx) {
    const device = new DeviceHandlers(ctx);
    const media = new MediaHandlers(ctx);
    return {
      handlers: {
        availability: (addr, m) => device.availability(addr, m),
        health: (addr, m) => device.health(addr, m),
        commandAck: (addr, m) => device.commandAck(addr, m),
        cameraStatus: (addr, m) => device.cameraStatus(addr, m),
        snapshot: (addr, m) => media.snapshot(addr, m),
        // Live frames go to viewers only (broadcast before dispatch); they are never stored.
        liveFrame: () => undefined,
      },
    };
  },
};
