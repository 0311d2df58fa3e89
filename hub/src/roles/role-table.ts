import type { DeviceToHubKind } from "@sitewatch/shared-protocol";
import type { AnyAlertFamily } from "../alerts/alert-family.js";
import { cameraAlerts } from "../alerts/camera-alerts.js";
import { deviceAlerts } from "../alerts/device-alerts.js";
import type { HubConfig } from "../config.js";
import { attentionEvents, gateCrops, gateLogs, seatEvents } from "../db/schema/index.js";
import type { RouteRegistrar } from "../http/app-types.js";
import { deviceCoreIngest } from "../ingest/core-module.js";
import type { AnyIngestModule, KindsOf } from "../ingest/ingest-module.js";
import type { Logger } from "../observability/logger.js";
import type { InitialStateSource } from "../realtime/initial-state.js";
import type { EventRetention } from "../retention/retention-job.js";
import { createArchiveIngest } from "./archive/archive-role.js";
import { createArchiveServices } from "./archive/archive-services.js";
import { attentionIngest } from "./attention/attention-role.js";
import { type AttentionServiceOptions, createAttentionServices } from "./attention/attention-services.js";
import { createCoach } from "./attention/coaching/coaching-service.js";
import { registerAttentionRoutes } from "./attention/routes/attention.js";
import { attentionReportRoutes } from "./attention/routes/attention-reports.js";
import { registerAttentionSettingsRoutes } from "./attention/routes/attention-settings.js";
import { gateInitialState } from "./gate/gate-initial-state.js";
import { createGateIngest } from "./gate/gate-role.js";
import { registerGateCropRoutes } from "./gate/routes/gate-crop.js";
import { registerGateLogRoutes } from "./gate/routes/gate-logs.js";
import type { HubRole, RoleServiceDeps, RoleServices } from "./hub-role.js";
import { registerSeatMapRoutes } from "./seats/routes/seat-map.js";
import { registerSeatRoutes } from "./seats/routes/seats.js";
import { registerStatsRoutes } from "./seats/routes/stats.js";
import { seatAlerts } from "./seats/seat-alerts.js";
import { seatsIngest } from "./seats/seat-handlers.js";
import { seatInitialState } from "./seats/seat-initial-state.js";

/** Per-role overrides a test or benchmark may pass to `Hub` (HubOptions.roles). */
export interface RoleOptions {
  attention?: AttentionServiceOptions;
}

/** What the roles take from the hub's configuration; a missing value gets the role's default. */
export type RoleSettings = Pick<
  HubConfig["ingest"],
  "gateCropQuota" | "analysisProviders" | "analysisHubProviders"
> &
  Pick<HubConfig, "coaching"> & { logger?: Logger; options?: RoleOptions };

/**
 * The hub's role registration table: one line per role. Order matters for ingest: a flush writes the
 * sinks in this order (the device core last), the same in every instance, so locks are taken alike.
 * The composition root builds it from the configuration; `hubRoles` is the table with the defaults.
 */
export function configuredRoles(settings: RoleSettings = {}) {
  return [
    {
      name: "seats",
      ingest: seatsIngest,
      routes: [registerSeatRoutes, registerSeatMapRoutes, registerStatsRoutes],
      initialState: seatInitialState,
      alerts: [seatAlerts],
      // Hourly statistics (occupancy_stats) are aggregates and outlive the raw events.
      eventTables: [{ name: "seatEvents", table: seatEvents, id: seatEvents.id, at: seatEvents.at }],
    },
    {
      name: "gate",
      ingest: createGateIngest({ cropQuota: settings.gateCropQuota }),
      routes: [registerGateLogRoutes, registerGateCropRoutes],
      initialState: gateInitialState,
      // Crops go with the gate log: each row's JPEG file is deleted with it.
      eventTables: [
        { name: "gateLogs", table: gateLogs, id: gateLogs.id, at: gateLogs.at },
        {
          name: "gateCrops",
          table: gateCrops,
          id: gateCrops.entryId,
          at: gateCrops.at,
          path: gateCrops.path,
        },
      ],
    },
    {
      name: "attention",
      ingest: attentionIngest,
      routes: [
        registerAttentionRoutes,
        registerAttentionSettingsRoutes,
        // Reports with coaching text from Ollama when OLLAMA_URL is set, rule-based otherwise.
        attentionReportRoutes(createCoach(settings.coaching, settings.logger)),
      ],
      // Live focus sessions and the frame socket that feeds them.
      services: (deps: RoleServiceDeps) => createAttentionServices(deps, settings.options?.attention),
      // attention_minutes are aggregates (like occupancy_stats) and outlive the raw events.
      eventTables: [
        { name: "attentionEvents", table: attentionEvents, id: attentionEvents.id, at: attentionEvents.at },
      ],
    },
    {
      name: "archive",
      // Every closed segment gets one job per provider, run by the recording device's own worker, or
      // by `hub worker` for the providers in ANALYSIS_HUB_PROVIDERS.
      ingest: createArchiveIngest({
        providers: settings.analysisProviders,
        place: (provider) => (settings.analysisHubProviders?.includes(provider) ? "hub" : "device"),
      }),
      // The job queue's REST, lease reaper and live events.
      services: (deps: RoleServiceDeps) => createArchiveServices(deps),
    },
    { name: "device", ingest: deviceCoreIngest, alerts: [cameraAlerts, deviceAlerts] },
  ] as const satisfies readonly HubRole[];
}

export const hubRoles = configuredRoles();

/**
 * Every device-to-hub message kind has a handler: a kind added to the protocol without one fails to
 * compile here, naming the kind.
 */
type Unhandled = Exclude<DeviceToHubKind, KindsOf<(typeof hubRoles)[number]["ingest"]>>;
export const everyKindHandled: [Unhandled] extends [never] ? true : { unhandled: Unhandled } = true;

/** The ingest modules of the registered roles, in table order. */
export function ingestModules(roles: readonly HubRole[] = hubRoles): AnyIngestModule[] {
  return roles.map((r) => r.ingest);
}

/** The registered roles' REST routes, in table order, then those of their running services. */
export function roleRoutes(
  roles: readonly HubRole[] = hubRoles,
  services: readonly RoleServices[] = [],
): RouteRegistrar[] {
  return [...roles.flatMap((r) => r.routes ?? []), ...services.flatMap((s) => s.routes ?? [])];
}

/** The registered roles' raw event tables, for the retention job. */
export function roleEventTables(roles: readonly HubRole[] = hubRoles): EventRetention[] {
  return roles.flatMap((r) => r.eventTables ?? []);
}

/** The registered roles' parts of a site's state for joining dashboards, in table order. */
export function roleInitialState(
  roles: readonly HubRole[] = hubRoles,
  services: readonly RoleServices[] = [],
): InitialStateSource[] {
  return [...roles, ...services].flatMap((r) => (r.initialState ? [r.initialState] : []));
}

/** The registered roles' alert families, for the alert engine, in table order. */
export function roleAlertFamilies(roles: readonly HubRole[] = hubRoles): AnyAlertFamily[] {
  return roles.flatMap((r) => r.alerts ?? []);
}

type ServicesOf<T extends readonly HubRole[]> = {
  [R in T[number] as R extends { services: unknown } ? R["name"] : never]: R extends {
    services: (deps: RoleServiceDeps) => infer S;
  }
    ? S
    : never;
};
/** The running services of the registered roles, by role name (tests reach into them). */
export type HubRoleServices = ServicesOf<typeof hubRoles>;

/** Builds the registered roles' services, in table order; `Object.values` of the result lists them. */
export function roleServices(roles: typeof hubRoles, deps: RoleServiceDeps): HubRoleServices {
  const built = roles.flatMap((r) => ("services" in r ? [[r.name, r.services(deps)] as const] : []));
  return Object.fromEntries(built) as HubRoleServices;
}
