import type { SegmentReady } from "@sitewatch/shared-protocol";
import type { HandlerContext } from "../../ingest/handlers/context.js";
import type { IngestModule, MessageAddr } from "../../ingest/ingest-module.js";
import {
  DEFAULT_REGISTRATION,
  type RegistrationSettings,
  segmentRow,
  segmentSink,
} from "./jobs/segment-registration.js";

/**
 * A closed segment becomes a segment row and one pending job per configured provider, written by the
 * ingest writer like any event (so registering never blocks ingest). The device's acknowledgement waits
 * for the commit; the jobs' live events follow it.
 */
function segmentReady(
  ctx: HandlerContext,
  settings: RegistrationSettings,
  addr: MessageAddr,
  m: SegmentReady,
): Promise<void> {
  const row = segmentRow(addr, m, settings);
  return ctx.writer.accept(segmentSink, row).then(() => {
    for (const job of row.registered) {
      ctx.events.emit("analysisJob", { site: job.site, device: job.device, camera: job.camera, data: job });
    }
  });
}

/** The archive role's share of ingest. */
export function createArchiveIngest(
  settings: Partial<RegistrationSettings> = {},
): IngestModule<"segmentReady"> {
  const resolved: RegistrationSettings = {
    providers: settings.providers ?? DEFAULT_REGISTRATION.providers,
    place: settings.place ?? DEFAULT_REGISTRATION.place,
  };
  return {
    name: "archive",
    kinds: ["segmentReady"],
    sinks: [segmentSink],
    create: (ctx) => ({ handlers: { segmentReady: (addr, m) => segmentReady(ctx, resolved, addr, m) } }),
  };
}
