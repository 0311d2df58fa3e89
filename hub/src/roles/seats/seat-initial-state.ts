import { uuidv7 } from "@sitewatch/shared-protocol";
import { and, asc, eq } from "drizzle-orm";
import { seatStatus, seats } from "../../db/schema/index.js";
import { type InitialStateSource, ms } from "../../realtime/initial-state.js";

const SEATS_PER_SNAPSHOT = 256;

/** One seat snapshot per camera (in chunks the protocol accepts), from seats and seat_status. */
export const seatInitialState: InitialStateSource = async (db, site, now, push) => {
  const seatRows = await db
    .select({ seat: seats, status: seatStatus })
    .from(seats)
    .leftJoin(seatStatus, and(eq(seatStatus.siteId, seats.siteId), eq(seatStatus.seatId, seats.id)))
    .where(and(eq(seats.siteId, site), eq(seats.active, true)))
    .orderBy(asc(seats.deviceId), asc(seats.cameraId), asc(seats.id));
  const byCamera = new Map<string, { device: string; camera: string; seats: unknown[] }>();
  for (const { seat, status } of seatRows) {
    const key = `${seat.deviceId}/${seat.cameraId}`;
    const group = byCamera.get(key) ?? { device: seat.deviceId, camera: seat.cameraId, seats: [] };
    byCamera.set(key, group);
    group.seats.push({
      seat: seat.id,
      state: status?.state ?? "unknown",
      since: ms(status?.since, ms(seat.createdAt)),
      confidence: status?.confidence ?? 0,
    });
  }
  for (const group of byCamera.values()) {
    for (let i = 0; i < group.seats.length; i += SEATS_PER_SNAPSHOT) {
      const chunk = group.seats.slice(i, i + SEATS_PER_SNAPSHOT);
      const snapshot = { v: 1, id: uuidv7(now), seq: 0, ts: now, seats: chunk };
      push("seatSnapshot", { device: group.device, camera: group.camera }, snapshot);
    }
  }
};
