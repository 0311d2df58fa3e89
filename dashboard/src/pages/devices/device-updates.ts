import type { Device } from "@sitewatch/hub/api-types";
import type { CameraHealth, CameraState, CameraStatus, LiveEvent } from "@sitewatch/shared-protocol";

/**
 * A device as the page keeps it: the REST entity, whose `health` is the last `device:health` data, plus
 * the last `camera:status` of each camera heard since the page loaded (cameras change state between
 * heartbeats). Both are kept as the hub sent them; `cameraRows` decides which is newer when rendering.
 */
export type LiveDevice = Device & { cameraStatus?: Record<string, CameraStatus> };

/**
 * Live events applied to the loaded device list, as pure functions (the page keeps them in its
 * resource with `mutate`). Each returns the list unchanged when the device is not in it; the page
 * then loads that device over REST (it was enrolled after the list was loaded).
 */
function update(list: LiveDevice[], id: string, change: (d: LiveDevice) => LiveDevice): LiveDevice[] {
  return list.map((d) => (d.id === id ? change(d) : d));
}

export function applyAvailability(
  list: LiveDevice[],
  e: LiveEvent<"availability">,
  now: number,
): LiveDevice[] {
  return update(list, e.device, (d) => ({
    ...d,
    online: e.data.state === "online",
    // The will is fixed at connect time, so "last seen" for an offline device is when the hub heard it.
    lastSeenAt: now,
    agentVersion: e.data.agentVersion ?? d.agentVersion,
  }));
}

export function applyHealth(list: LiveDevice[], e: LiveEvent<"health">, now: number): LiveDevice[] {
  // A heartbeat proves the device is connected, whatever an earlier will said.
  return update(list, e.device, (d) => ({ ...d, online: true, lastSeenAt: now, health: e.data }));
}

export function applyCameraStatus(list: LiveDevice[], e: LiveEvent<"cameraStatus">): LiveDevice[] {
  const camera = e.camera;
  if (camera === undefined) return list;
  return update(list, e.device, (d) => ({ ...d, cameraStatus: { ...d.cameraStatus, [camera]: e.data } }));
}

/** One camera line of a device card: its state now, and its figures from the last heartbeat. */
export interface CameraRow {
  camera: string;
  state: CameraState;
  figures: CameraHealth | null;
}

/**
 * The device's cameras as of the newest report. Heartbeat and `camera:status` come from the same
 * device clock, so their `ts` order them: a status at or after the heartbeat gives the camera's state
 * (its figures stay the heartbeat's), and a camera only such a status names is listed without figures.
 * A status older than the heartbeat (e.g. replayed when the page joined) is superseded by it.
 */
export function cameraRows(device: LiveDevice): CameraRow[] {
  const beat = device.health;
  const since = beat?.ts ?? Number.NEGATIVE_INFINITY;
  const statuses = device.cameraStatus ?? {};
  const newer = (camera: string) => {
    const status = statuses[camera];
    return status && status.ts >= since ? status : undefined;
  };
  const rows: CameraRow[] = (beat?.cameras ?? []).map((c) => ({
    camera: c.camera,
    state: newer(c.camera)?.state ?? c.state,
    figures: c,
  }));
  const listed = new Set(rows.map((r) => r.camera));
  for (const camera of Object.keys(statuses).sort()) {
    const status = newer(camera);
    if (status && !listed.has(camera)) rows.push({ camera, state: status.state, figures: null });
  }
  return rows;
}
