import { Counter, Gauge, type Registry } from "prom-client";
import {
  DeviceFigures,
  type DeviceFiguresOptions,
  type ExportedCamera,
  type ExportedDevice,
} from "./device-figures.js";

interface Series<T> {
  name: string;
  help: string;
  /** The device's own running count (since the agent started): a counter that resets with the agent. */
  counter?: boolean;
  /** Undefined leaves the series out (no fresh heartbeat, or an older agent without the field). */
  value(row: T): number | undefined;
}

const MB = 1024 * 1024;

const DEVICE_SERIES: Series<ExportedDevice>[] = [
  {
    name: "sitewatch_device_online",
    help: "1 while the device is connected and heard from recently, 0 after its will or a silence",
    value: (d) => (d.online ? 1 : 0),
  },
  {
    name: "sitewatch_device_last_heartbeat_timestamp_seconds",
    help: "When this hub instance received the device's last heartbeat (hub clock)",
    value: (d) => (d.fresh ? d.fresh.at / 1000 : undefined),
  },
  {
    name: "sitewatch_device_outbox_events",
    help: "Events waiting in the device's store-and-forward queue (its backlog)",
    value: (d) => d.fresh?.health.outboxDepth,
  },
  {
    name: "sitewatch_device_outbox_unconfirmed_events",
    help: "Of the device's queued events, those the broker acknowledged and the hub has not confirmed yet",
    value: (d) => d.fresh?.health.outboxUnconfirmed,
  },
  {
    name: "sitewatch_device_outbox_dropped_events_total",
    help: "Events the device dropped unsent (queue full or disk refused), as the device counts them since it started",
    counter: true,
    value: (d) => d.fresh?.health.outboxDropped,
  },
  {
    name: "sitewatch_device_cpu_cores",
    help: "The agent process's CPU use, in cores (1 = one core busy)",
    value: (d) => (d.fresh ? d.fresh.health.cpuPct / 100 : undefined),
  },
  {
    name: "sitewatch_device_resident_memory_bytes",
    help: "The agent process's resident memory",
    value: (d) => (d.fresh ? Math.round(d.fresh.health.memRssMb * MB) : undefined),
  },
];

const CAMERA_SERIES: Series<ExportedCamera>[] = [
  {
    name: "sitewatch_camera_fps",
    help: "Frames the camera's analyser processes per second",
    value: (c) => c.fps,
  },
  {
    name: "sitewatch_camera_inference_seconds",
    help: "Mean inference time per analysed frame",
    value: (c) => c.inferenceMs / 1000,
  },
  {
    name: "sitewatch_camera_decode_seconds",
    help: "Mean decode time per analysed frame",
    value: (c) => c.decodeMs / 1000,
  },
  {
    name: "sitewatch_camera_queue_depth",
    help: "Frames waiting for the camera's analyser",
    value: (c) => c.queueDepth,
  },
  {
    name: "sitewatch_camera_dropped_frames_total",
    help: "Frames the camera's analyser dropped, as the device counts them since it started",
    counter: true,
    value: (c) => c.droppedFrames,
  },
  {
    name: "sitewatch_camera_streaming",
    help: "1 while the camera streams, 0 while it connects, reconnects or failed",
    value: (c) => (c.state === "streaming" ? 1 : 0),
  },
];

/** One series family, refilled from the figures at every scrape so removed devices leave no series. */
function register<T>(
  registry: Registry,
  series: Series<T>,
  labelNames: readonly string[],
  rows: () => readonly T[],
  labels: (row: T) => Record<string, string>,
): void {
  const fill = (put: (labels: Record<string, string>, value: number) => void) => {
    for (const row of rows()) {
      const value = series.value(row);
      if (value !== undefined) put(labels(row), value);
    }
  };
  const { name, help } = series;
  if (series.counter) {
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill((l, v) => this.inc(l, v));
      },
    });
    return;
  }
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      fill((l, v) => this.set(l, v));
    },
  });
}

/**
 * Per-device and per-camera figures from the devices' heartbeats, on the hub's registry. Returns the
 * figures the heartbeats, availability messages and revocations feed.
 */
export function createDeviceMetrics(
  registry: Registry,
  options?: DeviceFiguresOptions,
  now?: () => number,
): DeviceFigures {
  const figures = new DeviceFigures(options, now);
  const deviceLabels = (d: { site: string; device: string }) => ({ site: d.site, device: d.device });
  for (const s of DEVICE_SERIES) {
    register(registry, s, ["site", "device"], () => figures.snapshot().devices, deviceLabels);
  }
  for (const s of CAMERA_SERIES) {
    const labels = (c: ExportedCamera) => ({ ...deviceLabels(c), camera: c.camera });
    register(registry, s, ["site", "device", "camera"], () => figures.snapshot().cameras, labels);
  }
  new Gauge({
    name: "sitewatch_devices",
    help: "Devices this hub instance heard from in the last day, by state (online, offline); not capped",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const { totals } = figures.snapshot();
      this.set({ state: "online" }, totals.online);
      this.set({ state: "offline" }, totals.offline);
    },
  });
  new Gauge({
    name: "sitewatch_device_series_unexported",
    help: "Devices and fresh cameras without series of their own because the series caps were reached, by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      const { unexported } = figures.snapshot();
      this.set({ kind: "device" }, unexported.devices);
      this.set({ kind: "camera" }, unexported.cameras);
    },
  });
  return figures;
}
