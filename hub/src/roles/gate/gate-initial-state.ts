import { and, desc, eq } from "drizzle-orm";
import { gateCrops, gateLogs } from "../../db/schema/index.js";
import { type InitialStateSource, ms } from "../../realtime/initial-state.js";

export const INITIAL_GATE_LOGS = 20;

/**
 * The last gate entries, oldest first, rebuilt as the gateEntry messages they came from, each followed
 * by the `gate:crop` the hub sent when its crop was stored (so a joining dashboard shows thumbnails).
 */
export const gateInitialState: InitialStateSource = async (db, site, _now, push) => {
  const gateRows = await db
    .select({ log: gateLogs, crop: gateCrops })
    .from(gateLogs)
    .leftJoin(gateCrops, and(eq(gateCrops.entryId, gateLogs.id), eq(gateCrops.siteId, gateLogs.siteId)))
    .where(eq(gateLogs.siteId, site))
    .orderBy(desc(gateLogs.at), desc(gateLogs.id))
    .limit(INITIAL_GATE_LOGS);
  for (const { log: g, crop } of gateRows.reverse()) {
    const container =
      g.ownerCode && g.category && g.serial && g.checkDigit !== null && g.checkDigitValid !== null
        ? {
            ownerCode: g.ownerCode,
            category: g.category,
            serial: g.serial,
            checkDigit: g.checkDigit,
            checkDigitValid: g.checkDigitValid,
          }
        : undefined;
    push(
      "gateEntry",
      { device: g.deviceId, camera: g.cameraId },
      {
        v: 1,
        id: g.id,
        seq: g.seq,
        ts: ms(g.at),
        at: ms(g.at),
        container,
        rawText: g.rawText,
        // The plate's own confidence is not stored; the entry's stands in for it.
        plate: g.plate ? { text: g.plate, confidence: g.confidence } : undefined,
        vehicleClass: g.vehicleClass ?? undefined,
        direction: g.direction,
        confidence: g.confidence,
        snapshotRef: g.snapshotRef ?? undefined,
        box: g.box ?? undefined,
        trackId: g.trackId ?? undefined,
        passage: g.passageId ?? undefined,
      },
    );
    if (crop) {
      const data = { entry: g.id, width: crop.width, height: crop.height, at: ms(crop.at) };
      push("gateCropStored", { device: crop.deviceId, camera: crop.cameraId }, data);
    }
  }
};
