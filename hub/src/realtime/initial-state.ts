import {
  type HubAlert,
  type LiveEvent,
  type LiveEventKind,
  type MessageOf,
  messages,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { and, asc, desc, eq } from "drizzle-orm";
import { loadOpenAlerts, toHubAlert } from "../alerts/alert-store.js";
import type { Database } from "../db/client.js";
import { cameras, devices, gateLogs, seatStatus, seats } from "../db/schema/index.js";

/** One event of the state a dashboard receives when it joins a site, in the order to send it. */
export type InitialEvent = { [K in LiveEventKind]: { kind: K; event: LiveEvent<K> } }[LiveEventKind];

export const INITIAL_GATE_LOGS = 20;
const SEATS_PER_SNAPSHOT = 256;

const ms = (d: Date | null | undefined, fallback = 0) => d?.getTime() ?? fallback;

/**
 * Rebuilt messages are checked against the protocol schemas, so a row that could not have come from a
 * valid message (hand-edited, older layout) is skipped instead of reaching dashboards malformed.
 */
function valid<K extends LiveEventKind>(kind: K, candidate: unknown): MessageOf<K> | undefined {
  const parsed = messages[kind].schema.safeParse(candidate);
  return parsed.success ? (parsed.data as MessageOf<K>) : undefined;
}

/**
 * The current state of a site as the same events dashboards receive live: device availability and
 * health, camera status, one seat snapshot per camera, then the last gate entries oldest first.
 * Synthesised messages carry fresh ids and seq 0; their `since`/`at` times let a client that already
 * got a newer live event keep the newer one.
 */
export async function loadInitialState(
  database: Database,
  site: string,
  now = Date.now(),
): Promise<InitialEvent[]> {
  const { db } = database;
  const [deviceRows, cameraRows, seatRows, gateRows] = await Promise.all([
    db
      .select()
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.status, "active"))),
    db.select().from(cameras).where(eq(cameras.siteId, site)),
    db
      .select({ seat: seats, status: seatStatus })
      .from(seats)
      .leftJoin(seatStatus, and(eq(seatStatus.siteId, seats.siteId), eq(seatStatus.seatId, seats.id)))
      .where(and(eq(seats.siteId, site), eq(seats.active, true)))
      .orderBy(asc(seats.deviceId), asc(seats.cameraId), asc(seats.id)),
    db
      .select()
      .from(gateLogs)
      .where(eq(gateLogs.siteId, site))
      .orderBy(desc(gateLogs.at), desc(gateLogs.id))
      .limit(INITIAL_GATE_LOGS),
  ]);
  const out: InitialEvent[] = [];
  const push = <K extends LiveEventKind>(
    kind: K,
    address: { device: string; camera?: string },
    data: unknown,
  ) => {
    const message = valid(kind, data);
    if (message) out.push({ kind, event: { site, ...address, data: message } } as InitialEvent);
  };

  for (const d of deviceRows) {
    const ts = ms(d.lastSeenAt, ms(d.createdAt));
    const availability = {
      v: 1,
      state: d.online ? "online" : "offline",
      ts,
      agentVersion: d.agentVersion ?? undefined,
    };
    push("availability", { device: d.id }, availability);
    // Stored values win over the filler envelope, whichever shape ingest kept.
    if (d.health && typeof d.health === "object")
      push("health", { device: d.id }, { v: 1, id: uuidv7(now), seq: 0, ts, ...d.health });
  }
  for (const c of cameraRows) {
    const stream =
      c.width && c.height && c.codec
        ? { width: c.width, height: c.height, codec: c.codec, fps: c.fps ?? 0 }
        : undefined;
    const status = {
      v: 1,
      id: uuidv7(now),
      seq: 0,
      ts: ms(c.stateAt, now),
      state: c.state,
      reason: c.stateReason ?? undefined,
      stream,
    };
    // "unknown" (nothing reported yet) is not a protocol state, so such cameras are left out.
    push("cameraStatus", { device: c.deviceId, camera: c.id }, status);
  }

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

  for (const g of gateRows.reverse()) {
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
      },
    );
  }
  return out;
}

/** The site's open alerts, oldest first, sent as `alert:raised` after the state on join. */
export async function loadInitialAlerts(database: Database, site: string): Promise<HubAlert[]> {
  return (await loadOpenAlerts(database.db, site)).map(toHubAlert);
}
