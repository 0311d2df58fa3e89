import type { SeatState } from "@sitewatch/shared-protocol";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cameras, devices, gateLogs, seatStatus, seats, sites } from "../../db/schema/index.js";

export interface HaDevice {
  site: string;
  siteName: string;
  id: string;
  name: string;
  agentVersion: string | null;
  online: boolean;
}

export interface HaCamera {
  site: string;
  device: string;
  id: string;
  name: string;
  role: string;
  state: string;
  reason: string | null;
}

export interface HaSeat {
  site: string;
  id: string;
  device: string;
  camera: string;
  kind: string;
  /** The stored state; live events take over once one arrived. */
  state: SeatState;
  since: number | null;
}

/** What Home Assistant is told about: active devices, their cameras and the active seats. */
export interface HaInventory {
  devices: HaDevice[];
  cameras: HaCamera[];
  seats: HaSeat[];
}

/** The last container number a gate camera read, with what Home Assistant shows as attributes. */
export interface HaGateEntry {
  number: string;
  at: number;
  direction: string;
  checkDigitValid: boolean | null;
  vehicleClass: string | null;
  plate: string | null;
  confidence: number;
}

/** Reads the inventory from the database; a seam so the publisher can be driven without one. */
export interface HaInventorySource {
  load(): Promise<HaInventory>;
  lastGateEntry(site: string, device: string, camera: string): Promise<HaGateEntry | null>;
}

export function databaseInventory(db: Db): HaInventorySource {
  return {
    async load() {
      const deviceRows = await db
        .select({
          site: devices.siteId,
          siteName: sites.name,
          id: devices.id,
          name: devices.name,
          agentVersion: devices.agentVersion,
          online: devices.online,
        })
        .from(devices)
        .innerJoin(sites, eq(sites.id, devices.siteId))
        .where(eq(devices.status, "active"))
        .orderBy(devices.siteId, devices.id);
      const active = new Set(deviceRows.map((d) => `${d.site}/${d.id}`));
      const cameraRows = await db
        .select({
          site: cameras.siteId,
          device: cameras.deviceId,
          id: cameras.id,
          name: cameras.name,
          role: cameras.role,
          state: cameras.state,
          reason: cameras.stateReason,
        })
        .from(cameras)
        .orderBy(cameras.siteId, cameras.deviceId, cameras.id);
      const seatRows = await db
        .select({
          site: seats.siteId,
          id: seats.id,
          device: seats.deviceId,
          camera: seats.cameraId,
          kind: seats.kind,
          state: seatStatus.state,
          since: seatStatus.since,
        })
        .from(seats)
        .leftJoin(seatStatus, and(eq(seatStatus.siteId, seats.siteId), eq(seatStatus.seatId, seats.id)))
        .where(eq(seats.active, true))
        .orderBy(seats.siteId, seats.id);
      const onActive = (r: { site: string; device: string }) => active.has(`${r.site}/${r.device}`);
      return {
        devices: deviceRows,
        cameras: cameraRows.filter(onActive),
        seats: seatRows.filter(onActive).map((s) => ({
          ...s,
          state: s.state ?? "unknown",
          since: s.since?.getTime() ?? null,
        })),
      };
    },
    async lastGateEntry(site, device, camera) {
      const [row] = await db
        .select()
        .from(gateLogs)
        .where(
          and(
            eq(gateLogs.siteId, site),
            eq(gateLogs.cameraId, camera),
            eq(gateLogs.deviceId, device),
            isNotNull(gateLogs.containerNumber),
          ),
        )
        .orderBy(desc(gateLogs.at))
        .limit(1);
      if (!row?.containerNumber) return null;
      return {
        number: row.containerNumber,
        at: row.at.getTime(),
        direction: row.direction,
        checkDigitValid: row.checkDigitValid,
        vehicleClass: row.vehicleClass,
        plate: row.plate,
        confidence: row.confidence,
      };
    },
  };
}
