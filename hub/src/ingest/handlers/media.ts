import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Snapshot } from "@sitewatch/shared-protocol";
import { snapshots } from "../../db/schema/index.js";
import type { MessageAddr } from "../ingest-module.js";
import { insertOnce } from "../sinks/insert-once.js";
import { tableColumns } from "../sinks/records.js";
import type { HandlerContext } from "./context.js";

export type SnapshotRow = typeof snapshots.$inferInsert & { id: string };

export const snapshotSink = insertOnce<SnapshotRow>(
  snapshots,
  tableColumns<typeof snapshots, SnapshotRow>(snapshots, [
    "id",
    "siteId",
    "deviceId",
    "cameraId",
    "commandId",
    "at",
    "path",
    "bytes",
    "width",
    "height",
    "facesBlurred",
  ]),
);

/** Where a snapshot's JPEG lives, relative to the data directory (that is what the row stores). */
export function snapshotPath(addr: MessageAddr, id: string): string {
  // Ids are slugs and the event id a UUID (both validated by the decoder), so none can climb out.
  return join("snapshots", addr.site, addr.device, addr.camera, `${id}.jpg`);
}

/** Snapshots, stored as a file plus a row. */
export class MediaHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  async snapshot(addr: MessageAddr, m: Snapshot): Promise<void> {
    const relative = snapshotPath(addr, m.id);
    const jpeg = Buffer.from(m.jpeg, "base64");
    try {
      const file = join(this.ctx.dataDir, relative);
      await mkdir(join(file, ".."), { recursive: true });
      await writeFile(file, jpeg);
    } catch (err) {
      this.ctx.logger.error(
        { err, site: addr.site, camera: addr.camera, id: m.id },
        "could not store a snapshot",
      );
      return;
    }
    await this.ctx.writer.accept(snapshotSink, {
      id: m.id,
      siteId: addr.site,
      deviceId: addr.device,
      cameraId: addr.camera,
      commandId: m.command,
      at: new Date(m.ts),
      path: relative,
      bytes: jpeg.byteLength,
      width: m.width,
      height: m.height,
      facesBlurred: m.facesBlurred,
    });
  }
}
