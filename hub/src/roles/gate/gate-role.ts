import { type GateEntry, gateEntryColumns } from "@sitewatch/shared-protocol";
import { gateLogs } from "../../db/schema/index.js";
import type { HandlerContext } from "../../ingest/handlers/context.js";
import type { IngestModule, MessageAddr } from "../../ingest/ingest-module.js";
import { insertOnce } from "../../ingest/sinks/insert-once.js";
import { tableColumns } from "../../ingest/sinks/records.js";
import type { SnapshotQuotaLimits } from "../../ingest/snapshot-quota.js";
import { defaultGateCropQuota, GateCrops, gateCropSink } from "./gate-crops.js";

export type GateLogRow = typeof gateLogs.$inferInsert & { id: string };

export const gateLogSink = insertOnce<GateLogRow>(
  gateLogs,
  tableColumns<typeof gateLogs, GateLogRow>(gateLogs, [
    "id",
    "siteId",
    "deviceId",
    "cameraId",
    "at",
    "ownerCode",
    "category",
    "serial",
    "checkDigit",
    "checkDigitValid",
    "containerNumber",
    "rawText",
    "plate",
    "vehicleClass",
    "direction",
    "confidence",
    "snapshotRef",
    "box",
    "trackId",
    "passageId",
    "seq",
  ]),
);

/** One gate-log row per entry; the ISO 6346 parts are split as the protocol defines them. */
function gateEntry(ctx: HandlerContext, addr: MessageAddr, m: GateEntry): Promise<void> {
  const { passage, ...columns } = gateEntryColumns(m);
  return ctx.writer.accept(gateLogSink, {
    id: m.id,
    siteId: addr.site,
    deviceId: addr.device,
    cameraId: addr.camera,
    at: new Date(m.at),
    ...columns,
    passageId: passage,
    box: m.box ?? null,
    seq: m.seq,
  });
}

/**
 * The gate role's share of ingest: container and vehicle passages into gate_logs, their crops into
 * gate_crops (files in the data directory), and the pipeline's activity, which dashboards see live
 * (ingest emits it before dispatch) and nothing stores.
 */
export function createGateIngest(
  opts: { cropQuota?: SnapshotQuotaLimits } = {},
): IngestModule<"gateEntry" | "gateCrop" | "gateActivity"> {
  return {
    name: "gate",
    kinds: ["gateEntry", "gateCrop", "gateActivity"],
    sinks: [gateLogSink, gateCropSink],
    create(ctx) {
      const crops = new GateCrops(ctx, opts.cropQuota ?? defaultGateCropQuota);
      return {
        handlers: {
          gateEntry: (addr, m) => gateEntry(ctx, addr, m),
          gateCrop: (addr, m) => crops.store(addr, m),
          gateActivity: () => undefined,
        },
        checks: { gateCrop: (addr, m) => crops.check(addr, m) },
      };
    },
  };
}
