import type { GateCrop } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import { gateCrops } from "../../db/schema/index.js";
import { NotStoredError } from "../../ingest/batch-writer.js";
import type { HandlerContext } from "../../ingest/handlers/context.js";
import type { MessageAddr, Refusal } from "../../ingest/ingest-module.js";
import { readJpegSize } from "../../ingest/jpeg-header.js";
import { insertOnce } from "../../ingest/sinks/insert-once.js";
import { tableColumns } from "../../ingest/sinks/records.js";
import { SnapshotQuota, type SnapshotQuotaLimits } from "../../ingest/snapshot-quota.js";
import { gateCropPath, writeCropFile } from "./gate-crop-files.js";

/** A gate_crops row; `id` is the entry id (the key), so rows sort and lock by it like every sink's. */
export type GateCropRow = Omit<typeof gateCrops.$inferInsert, "entryId"> & { id: string };

export const gateCropSink = insertOnce<GateCropRow>(
  gateCrops,
  tableColumns<typeof gateCrops, GateCropRow>(
    gateCrops,
    ["entryId", "siteId", "deviceId", "cameraId", "path", "bytes", "width", "height", "at"],
    { entryId: (row) => row.id },
  ),
);

/**
 * The defaults of GATE_CROP_QUOTA_* (config.ts), for configs built without them. Per device: one crop
 * per passage, a busy lane sees a few thousand passages a day of ≤ 400 kB each, and crops are kept as
 * long as the gate log (RETENTION_EVENT_DAYS), so the file count is generous.
 */
export const defaultGateCropQuota: SnapshotQuotaLimits = {
  bytesPerHour: 128 * 1024 * 1024,
  bytesPerDay: 1024 * 1024 * 1024,
  files: 500_000,
};

const WRITE_ATTEMPTS = 3;
const RETRY_MS = 200;

/**
 * Gate crops: checked in admission (a real JPEG of its declared size, within the device's quota), then
 * stored as a file first and a row second, and announced to dashboards as `gateCropStored` once both
 * are committed. The device's acknowledgement waits for all of it. The first crop of an entry stays:
 * a repeat (a replay, or a second crop for the same entry) changes neither file nor row.
 */
export class GateCrops {
  private readonly quota: SnapshotQuota;
  /** Entries being stored by this process, so two crops of one entry never write its file at once. */
  private readonly storing = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: HandlerContext,
    limits: SnapshotQuotaLimits = defaultGateCropQuota,
  ) {
    const table = gateCrops;
    this.quota = new SnapshotQuota(ctx.db, limits, Date.now, {
      table,
      siteId: table.siteId,
      deviceId: table.deviceId,
      at: table.at,
      bytes: table.bytes,
      noun: "gate crop",
    });
  }

  async check(addr: MessageAddr, m: GateCrop): Promise<Refusal | undefined> {
    const jpeg = Buffer.from(m.jpeg, "base64");
    const size = readJpegSize(jpeg);
    if ("problem" in size)
      return { code: "SCHEMA_VIOLATION", reason: `gate crop is not a JPEG: ${size.problem}` };
    if (size.width !== m.width || size.height !== m.height) {
      return {
        code: "SCHEMA_VIOLATION",
        reason: `gate crop is ${size.width}x${size.height}, not the declared ${m.width}x${m.height}`,
      };
    }
    // A repeat is let through to be acknowledged; it stores nothing, so it takes no quota either.
    if (await this.stored(m.entry)) return undefined;
    const over = await this.quota.reserve(addr, jpeg.byteLength);
    return over ? { code: "RATE_LIMITED", reason: `gate crop quota: ${over}` } : undefined;
  }

  store(addr: MessageAddr, m: GateCrop): Promise<void> {
    const before = this.storing.get(m.entry) ?? Promise.resolve();
    const mine = before.then(() => this.storeOnce(addr, m));
    // What the next crop of this entry waits for: this one settled, whichever way.
    const settled: Promise<void> = mine
      .catch(() => {})
      .finally(() => {
        if (this.storing.get(m.entry) === settled) this.storing.delete(m.entry);
      });
    this.storing.set(m.entry, settled);
    return mine;
  }

  private async storeOnce(addr: MessageAddr, m: GateCrop): Promise<void> {
    if (await this.stored(m.entry)) return;
    const path = gateCropPath(addr.site, m.entry);
    const jpeg = Buffer.from(m.jpeg, "base64");
    await this.write(path, jpeg, m);
    await this.ctx.writer.accept(gateCropSink, {
      id: m.entry,
      siteId: addr.site,
      deviceId: addr.device,
      cameraId: addr.camera,
      path,
      bytes: jpeg.byteLength,
      width: m.width,
      height: m.height,
      at: new Date(m.ts),
    });
    this.ctx.events.emit("gateCropStored", {
      site: addr.site,
      device: addr.device,
      camera: addr.camera,
      data: { entry: m.entry, width: m.width, height: m.height, at: m.ts },
    });
  }

  /**
   * A few quick retries, then the crop is left unacknowledged (NotStoredError): the device keeps it
   * and sends it again, rather than the hub acknowledging a picture it could not keep.
   */
  private async write(path: string, jpeg: Buffer, m: GateCrop): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeCropFile(this.ctx.dataDir, path, jpeg);
      } catch (err) {
        this.ctx.logger.error({ err, path, id: m.id, attempt }, "could not write a gate crop");
        if (attempt >= WRITE_ATTEMPTS) throw new NotStoredError(`gate crop ${m.id}: ${String(err)}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS * attempt));
      }
    }
  }

  private async stored(entry: string): Promise<boolean> {
    const [row] = await this.ctx.db
      .select({ entryId: gateCrops.entryId })
      .from(gateCrops)
      .where(eq(gateCrops.entryId, entry))
      .limit(1);
    return row !== undefined;
  }
}
