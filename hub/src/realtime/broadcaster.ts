import type { HubAlert, LiveEvent, LiveEventKind } from "@sitewatch/shared-protocol";

/**
 * Pushes live data to dashboards. Ingest calls it as soon as a message is accepted, before the batch
 * is written, so dashboards never wait for the database.
 */
export interface Broadcaster {
  live<K extends LiveEventKind>(kind: K, event: LiveEvent<K>): void;
  alert(type: "alert:raised" | "alert:resolved", alert: HubAlert): void;
}

/** For processes without dashboards (migrate, tests of ingest alone): records nothing, sends nothing. */
export const silentBroadcaster: Broadcaster = {
  live: () => {},
  alert: () => {},
};
