import type { CameraRole } from "@sitewatch/shared-protocol";
import type { AnyAlertFamily } from "../alerts/alert-family.js";
import type { RouteRegistrar } from "../http/app-types.js";
import type { AnyIngestModule } from "../ingest/ingest-module.js";
import type { InitialStateSource } from "../realtime/initial-state.js";
import type { EventRetention } from "../retention/retention-job.js";

/**
 * Everything a role adds to the hub, registered in one place (role-table.ts). The composition root
 * hands each part to the service that runs it; no service names a role.
 */
export interface HubRole {
  /** A camera role from the protocol, or "device" for what every device sends. */
  readonly name: CameraRole | "archive" | "device";
  /** Message kinds, handlers and sinks. */
  readonly ingest: AnyIngestModule;
  /** REST resources (one file per resource in the role's routes/ folder). */
  readonly routes?: readonly RouteRegistrar[];
  /** Raw event tables the retention job thins out after `retention.eventDays`. */
  readonly eventTables?: readonly EventRetention[];
  /** What a dashboard joining a site gets of this role's current state. */
  readonly initialState?: InitialStateSource;
  /** The alert rules of what the role observes: each family raises its own alert kinds. */
  readonly alerts?: readonly AnyAlertFamily[];
}
