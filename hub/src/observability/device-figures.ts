import type { CameraHealth, Health } from "@sitewatch/shared-protocol";

export interface DeviceFiguresOptions {
  /** Devices with series of their own; later ones are counted, not exported. Default 200. */
  maxDevices?: number;
  /** Cameras with series of their own, over all exported devices. Default 800. */
  maxCameras?: number;
  /** Past this without a message a device counts as offline and its figures are not exported. Default 2 min. */
  silentAfterMs?: number;
  /** Past this without a message a device is forgotten, its online series too. Default 24 h. */
  forgetAfterMs?: number;
  /** Devices remembered at all (memory bound whatever ids churn). Default 10 000. */
  maxTracked?: number;
}

interface Tracked {
  site: string;
  device: string;
  /** Hub clock of the last heartbeat or availability message. */
  seenAt: number;
  /** Hub clock of the last heartbeat; its figures are `health`. */
  heartbeatAt?: number;
  online: boolean;
  health?: Health;
}

export interface ExportedDevice {
  site: string;
  device: string;
  online: boolean;
  /** The last heartbeat, while it is fresh (online and not silent); absent otherwise. */
  fresh?: { at: number; health: Health };
}

export interface ExportedCamera extends CameraHealth {
  site: string;
  device: string;
}

export interface FiguresSnapshot {
  devices: ExportedDevice[];
  cameras: ExportedCamera[];
  /** Heard-from devices and fresh cameras left out by the caps. */
  unexported: { devices: number; cameras: number };
  /** Over every remembered device, exported or not. */
  totals: { online: number; offline: number };
}

const key = (site: string, device: string) => `${site}\u0000${device}`;

/**
 * What the devices last said about themselves, bounded for Prometheus: every series costs the
 * scraper memory forever, so only the first devices heard from (and their first cameras) get series
 * of their own, and what was left out is counted. A device keeps its place while it is remembered, so
 * series do not hop between devices from one scrape to the next.
 */
export class DeviceFigures {
  private readonly tracked = new Map<string, Tracked>();
  private readonly maxDevices: number;
  private readonly maxCameras: number;
  private readonly silentAfterMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxTracked: number;

  constructor(
    options: DeviceFiguresOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxDevices = options.maxDevices ?? 200;
    this.maxCameras = options.maxCameras ?? 800;
    this.silentAfterMs = options.silentAfterMs ?? 120_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 24 * 3600_000;
    this.maxTracked = options.maxTracked ?? 10_000;
  }

  heartbeat(site: string, device: string, health: Health): void {
    const at = this.now();
    // A heartbeat proves the device is connected, whatever an earlier will said (as ingest does).
    Object.assign(this.entry(site, device, at), { seenAt: at, heartbeatAt: at, online: true, health });
  }

  availability(site: string, device: string, online: boolean): void {
    const at = this.now();
    Object.assign(this.entry(site, device, at), { seenAt: at, online });
  }

  /** The device was revoked, re-enrolled or its site deleted: its series go at the next scrape. */
  forget(site: string, device: string): void {
    this.tracked.delete(key(site, device));
  }

  snapshot(): FiguresSnapshot {
    const now = this.now();
    const out: FiguresSnapshot = {
      devices: [],
      cameras: [],
      unexported: { devices: 0, cameras: 0 },
      totals: { online: 0, offline: 0 },
    };
    for (const [k, t] of this.tracked) {
      if (now - t.seenAt > this.forgetAfterMs) {
        this.tracked.delete(k);
        continue;
      }
      const silent = now - t.seenAt > this.silentAfterMs;
      const online = t.online && !silent;
      out.totals[online ? "online" : "offline"] += 1;
      const fresh =
        online && t.health && t.heartbeatAt !== undefined && now - t.heartbeatAt <= this.silentAfterMs
          ? { at: t.heartbeatAt, health: t.health }
          : undefined;
      const cameras = fresh?.health.cameras ?? [];
      if (out.devices.length >= this.maxDevices) {
        out.unexported.devices += 1;
        out.unexported.cameras += cameras.length;
        continue;
      }
      out.devices.push({ site: t.site, device: t.device, online, fresh });
      for (const camera of cameras) {
        if (out.cameras.length >= this.maxCameras) out.unexported.cameras += 1;
        else out.cameras.push({ ...camera, site: t.site, device: t.device });
      }
    }
    return out;
  }

  private entry(site: string, device: string, at: number): Tracked {
    const k = key(site, device);
    const found = this.tracked.get(k);
    if (found) return found;
    if (this.tracked.size >= this.maxTracked) {
      // Forget the one heard from longest ago; map order is first-heard, so look for it.
      let oldest: [string, Tracked] | undefined;
      for (const e of this.tracked) if (!oldest || e[1].seenAt < oldest[1].seenAt) oldest = e;
      if (oldest) this.tracked.delete(oldest[0]);
    }
    const created: Tracked = { site, device, seenAt: at, online: false };
    this.tracked.set(k, created);
    return created;
  }
}
