import type { Device } from "@sitewatch/hub/api-types";
import type { LiveEvent } from "@sitewatch/shared-protocol";
import type { LiveDeviceHealth } from "./storage-warning.js";

/**
 * Live events applied to the loaded device list, as pure functions (the page keeps them in its
 * resource with `mutate`). Each returns the list unchanged when the device is not in it; the page
 * then loads that device over REST (it was enrolled after the list was loaded).
 */
const iso = (ms: number) => new Date(ms).toISOString();

function update(list: Device[], id: string, change: (d: Device) => Device): Device[] {
  return list.map((d) => (d.id === id ? change(d) : d));
}

export function applyAvailability(list: Device[], e: LiveEvent<"availability">, now: number): Device[] {
  const online = e.data.state === "online";
  return update(list, e.device, (d) => ({
    ...d,
    online,
    // The will is fixed at connect time, so "last seen" for an offline device is when the hub heard it.
    lastSeenAt: iso(now),
    agentVersion: e.data.agentVersion ?? d.agentVersion,
  }));
}

export function healthFromMessage(m: LiveEvent<"health">["data"]): LiveDeviceHealth {
  return {
    at: iso(m.ts),
    uptimeS: m.uptimeS,
    cpuPct: m.cpuPct,
    memRssMb: m.memRssMb,
    outboxDepth: m.outboxDepth,
    outboxDropped: m.outboxDropped,
    cameras: m.cameras.map((c) => ({
      camera: c.camera,
      state: c.state,
      fps: c.fps,
      decodeMs: c.decodeMs,
      inferenceMs: c.inferenceMs,
      queueDepth: c.queueDepth,
      droppedFrames: c.droppedFrames,
    })),
    // Absent from agents that predate it: null, so an earlier warning does not linger.
    storage: m.storage ?? null,
  };
}

export function applyHealth(list: Device[], e: LiveEvent<"health">, now: number): Device[] {
  // A heartbeat proves the device is connected, whatever an earlier will said.
  return update(list, e.device, (d) => ({
    ...d,
    online: true,
    lastSeenAt: iso(now),
    health: healthFromMessage(e.data),
  }));
}

/** A camera's state changes between heartbeats; its figures stay those of the last heartbeat. */
export function applyCameraStatus(list: Device[], e: LiveEvent<"cameraStatus">): Device[] {
  const camera = e.camera;
  if (camera === undefined) return list;
  return update(list, e.device, (d) => {
    const health: LiveDeviceHealth = d.health ?? {
      at: null,
      uptimeS: null,
      cpuPct: null,
      memRssMb: null,
      outboxDepth: null,
      outboxDropped: null,
      cameras: [],
      storage: null,
    };
    const known = health.cameras.some((c) => c.camera === camera);
    const cameras = known
      ? health.cameras.map((c) => (c.camera === camera ? { ...c, state: e.data.state } : c))
      : [
          ...health.cameras,
          {
            camera,
            state: e.data.state,
            fps: e.data.stream?.fps ?? null,
            decodeMs: null,
            inferenceMs: null,
            queueDepth: null,
            droppedFrames: null,
          },
        ];
    return { ...d, health: { ...health, cameras } };
  });
}
