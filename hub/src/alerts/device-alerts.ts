import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { devices } from "../db/schema/index.js";
import type { AlertFamily } from "./alert-family.js";
import type { Condition } from "./alert-rules.js";

export interface DeviceFact {
  online: boolean;
  since: number;
}

export function deviceConditions(site: string, device: string, fact: DeviceFact): Condition[] {
  if (fact.online) return [];
  return [
    {
      site,
      kind: "device-offline",
      subject: device,
      since: fact.since,
      message: `Device ${device} is offline`,
    },
  ];
}

/**
 * Active devices that have been seen at least once (a device enrolled but never connected is not
 * "offline"). The fact keeps the time the device changed state, not the time of every heartbeat.
 */
export const deviceAlerts: AlertFamily<DeviceFact, DeviceFact> = {
  name: "device",
  kinds: ["device-offline"],
  observe: {
    // The will carries the connect time, so the hub's clock says when the device went away.
    availability: ({ site, device, data: m }, now) => [
      { site, subject: device, update: { online: m.state === "online", since: now } },
    ],
    // A heartbeat proves the device is connected, whatever an earlier will said (as in ingest).
    health: ({ site, device }, now) => [{ site, subject: device, update: { online: true, since: now } }],
  },
  note: (known, update) => (known?.online === update.online ? undefined : update),
  async load(db: Db) {
    const rows = await db.select().from(devices).where(eq(devices.status, "active"));
    return rows.map((d) => ({
      site: d.siteId,
      subject: d.id,
      stored: d.lastSeenAt ? { online: d.online, since: d.lastSeenAt.getTime() } : undefined,
    }));
  },
  // What this instance observed stands until the database has a newer change of state: a row written
  // before the device went away does not bring it back online.
  merge(known, stored) {
    if (!stored) return known;
    return known && (stored.since <= known.since || stored.online === known.online) ? known : stored;
  },
  conditions: ({ site, subject }, fact) => deviceConditions(site, subject, fact),
};
