import {
  type HubAlert,
  type LiveData,
  type LiveEvent,
  type LiveEventKind,
  liveDataSchema,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import { loadOpenAlerts, toHubAlert } from "../alerts/alert-store.js";
import type { Database, Db } from "../db/client.js";
import { cameras, devices } from "../db/schema/index.js";

/** One event of the state a dashboard receives when it joins a site, in the order to send it. */
export type InitialEvent = { [K in LiveEventKind]: { kind: K; event: LiveEvent<K> } }[LiveEventKind];

/** Adds one rebuilt event; it is dropped unless it passes the protocol schema of its kind. */
export type PushInitial = <K extends LiveEventKind>(
  kind: K,
  address: { device: string; camera?: string },
  data: unknown,
) => void;

/** A role's part of a site's current state (role table), added after the devices and cameras. */
export type InitialStateSource = (db: Db, site: string, now: number, push: PushInitial) => Promise<void>;

/** A Date as epoch ms, or `fallback` when there is none. */
export const ms = (d: Date | null | undefined, fallback = 0) => d?.getTime() ?? fallback;

/**
 * Rebuilt messages are checked against the protocol schemas, so a row that could not have come from a
 * valid message (hand-edited, older layout) is skipped instead of reaching dashboards malformed.
 */
function valid<K extends LiveEventKind>(kind: K, candidate: unknown): LiveData<K> | undefined {
  const parsed = liveDataSchema(kind).safeParse(candidate);
  return parsed.success ? (parsed.data as LiveData<K>) : undefined;
}

function collector(site: string): { events: InitialEvent[]; push: PushInitial } {
  const events: InitialEvent[] = [];
  const push: PushInitial = (kind, address, data) => {
    const message = valid(kind, data);
    if (message) events.push({ kind, event: { site, ...address, data: message } } as InitialEvent);
  };
  return { events, push };
}

/**
 * The current state of a site as the same events dashboards receive live: device availability and
 * health, camera status, then what each role adds (seat snapshots, the last gate entries …).
 * Synthesised messages carry fresh ids and seq 0; their `since`/`at` times let a client that already
 * got a newer live event keep the newer one.
 */
export async function loadInitialState(
  database: Database,
  site: string,
  roles: readonly InitialStateSource[] = [],
  now = Date.now(),
): Promise<InitialEvent[]> {
  const { db } = database;
  const [deviceRows, cameraRows] = await Promise.all([
    db
      .select()
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.status, "active"))),
    db.select().from(cameras).where(eq(cameras.siteId, site)),
  ]);
  const { events: out, push } = collector(site);

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

  // Each role reads on its own; the events keep the table order.
  const parts = await Promise.all(
    roles.map(async (source) => {
      const part = collector(site);
      await source(db, site, now, part.push);
      return part.events;
    }),
  );
  for (const events of parts) out.push(...events);
  return out;
}

/** The site's open alerts, oldest first, sent as `alert:raised` after the state on join. */
export async function loadInitialAlerts(database: Database, site: string): Promise<HubAlert[]> {
  return (await loadOpenAlerts(database.db, site)).map(toHubAlert);
}
