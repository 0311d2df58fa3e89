import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { cameras, devices } from "../db/schema/index.js";
import type { Logger } from "../observability/logger.js";

export interface KnownDevice {
  site: string;
  device: string;
  status: "active" | "revoked";
}

export interface DeviceRegistryOptions {
  /** How long "no such device" is believed before asking the database again. */
  negativeTtlMs?: number;
  /** Full reload period, so revocations made elsewhere (another instance, SQL) are noticed. */
  refreshMs?: number;
}

export const deviceKey = (site: string, device: string) => `${site}/${device}`;
const cameraKey = (site: string, device: string, camera: string) => `${site}/${device}/${camera}`;

/**
 * Which devices (and cameras) exist, cached so the hot path never waits for the database. A miss asks
 * the database once (concurrent misses share the query) and remembers a "no" briefly, so a flood from
 * an unknown device costs one query per few seconds, not one per message.
 */
export class DeviceRegistry {
  private readonly known = new Map<string, KnownDevice>();
  private readonly unknownUntil = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<KnownDevice | null>>();
  private readonly cameras = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly opts: DeviceRegistryOptions = {},
  ) {}

  async start(): Promise<void> {
    await this.reload();
    const refreshMs = this.opts.refreshMs ?? 60_000;
    this.timer = setInterval(() => {
      this.reload().catch((err: unknown) => this.logger.warn({ err }, "device registry refresh failed"));
    }, refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The device if cached, null if known not to exist, or a promise when the database must be asked. */
  lookup(site: string, device: string): KnownDevice | null | Promise<KnownDevice | null> {
    const key = deviceKey(site, device);
    const hit = this.known.get(key);
    if (hit) return hit;
    const until = this.unknownUntil.get(key);
    if (until !== undefined && until > Date.now()) return null;
    let pending = this.lookups.get(key);
    if (!pending) {
      pending = this.fetch(site, device).finally(() => this.lookups.delete(key));
      this.lookups.set(key, pending);
    }
    return pending;
  }

  /** Forgets what is cached about a device, e.g. after a revocation or re-enrolment. */
  invalidate(site: string, device: string): void {
    const key = deviceKey(site, device);
    this.known.delete(key);
    this.unknownUntil.delete(key);
  }

  /** True the first time a camera is seen that the database did not list. */
  noteCamera(site: string, device: string, camera: string): boolean {
    const key = cameraKey(site, device, camera);
    if (this.cameras.has(key)) return false;
    this.cameras.add(key);
    return true;
  }

  private async fetch(site: string, device: string): Promise<KnownDevice | null> {
    const [row] = await this.db
      .select({ site: devices.siteId, device: devices.id, status: devices.status })
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.id, device)));
    const key = deviceKey(site, device);
    if (!row) {
      this.unknownUntil.set(key, Date.now() + (this.opts.negativeTtlMs ?? 5_000));
      if (this.unknownUntil.size > 10_000) this.unknownUntil.clear();
      return null;
    }
    this.known.set(key, row);
    return row;
  }

  private async reload(): Promise<void> {
    const rows = await this.db
      .select({ site: devices.siteId, device: devices.id, status: devices.status })
      .from(devices);
    this.known.clear();
    for (const row of rows) this.known.set(deviceKey(row.site, row.device), row);
    const cams = await this.db
      .select({ site: cameras.siteId, device: cameras.deviceId, camera: cameras.id })
      .from(cameras);
    for (const c of cams) this.cameras.add(cameraKey(c.site, c.device, c.camera));
  }
}
