import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SegmentReady, Snapshot } from "@sitewatch/shared-protocol";
import { snapshotSink } from "../sinks/event-sinks.js";
import type { CameraAddr, HandlerContext } from "./context.js";

/** Where a snapshot's JPEG lives, relative to the data directory (that is what the row stores). */
export function snapshotPath(addr: CameraAddr, id: string): string {
  // Ids are slugs and the event id a UUID (both validated by the decoder), so none can climb out.
  return join("snapshots", addr.site, addr.device, addr.camera, `${id}.jpg`);
}

/** Snapshots (stored as files plus a row), archive segments (logged for now); live frames are never stored. */
export class MediaHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  async snapshot(addr: CameraAddr, m: Snapshot): Promise<void> {
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

  segmentReady(addr: CameraAddr, m: SegmentReady): void {
    this.ctx.logger.info(
      { site: addr.site, device: addr.device, camera: addr.camera, segment: m.segment, bytes: m.bytes },
      "archive segment ready",
    );
  }
}
