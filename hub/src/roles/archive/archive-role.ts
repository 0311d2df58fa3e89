import type { SegmentReady } from "@sitewatch/shared-protocol";
import type { HandlerContext } from "../../ingest/handlers/context.js";
import type { IngestModule, MessageAddr } from "../../ingest/ingest-module.js";

/** Closed archive segments are only logged until the archive role stores and analyses them. */
function segmentReady(ctx: HandlerContext, addr: MessageAddr, m: SegmentReady): undefined {
  ctx.logger.info(
    { site: addr.site, device: addr.device, camera: addr.camera, segment: m.segment, bytes: m.bytes },
    "archive segment ready",
  );
  return undefined;
}

/** The archive role's share of ingest. */
export const archiveIngest: IngestModule<"segmentReady"> = {
  name: "archive",
  kinds: ["segmentReady"],
  sinks: [],
  create: (ctx) => ({ handlers: { segmentReady: (addr, m) => segmentReady(ctx, addr, m) } }),
};
