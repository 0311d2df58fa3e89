import type { Server } from "node:http";
import type { RoleName } from "@sitewatch/shared-protocol";
import type { AnyAlertFamily } from "../alerts/alert-family.js";
import type { AccessEvents } from "../auth/access-events.js";
import type { Authenticator } from "../auth/principal.js";
import type { CommandService } from "../commands/command-types.js";
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import type { DomainEventPublisher } from "../events/domain-events.js";
import type { RouteRegistrar } from "../http/app-types.js";
import type { AnyIngestModule } from "../ingest/ingest-module.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { InitialStateSource } from "../realtime/initial-state.js";
import type { HubIo } from "../realtime/socket-types.js";
import type { EventRetention } from "../retention/retention-job.js";

/** What the composition root lends a role's long-lived services. */
export interface RoleServiceDeps {
  config: HubConfig;
  database: Database;
  events: DomainEventPublisher;
  metrics: Metrics;
  logger: Logger;
  authenticator: Authenticator;
  accessEvents: AccessEvents;
  /** Hub-to-device commands (the archive role starts live HLS and asks for archived segments). */
  commands: CommandService;
  allowAddress?: (peer: string | undefined, forwardedFor: string | string[] | undefined) => boolean;
}

/**
 * A role's own running parts beyond ingest (the attention role's live focus sessions and frame socket):
 * built before the HTTP app (their routes and initial state are known then), attached once the HTTP and
 * Socket.IO servers exist, stopped after Socket.IO closes and before ingest drains.
 */
export interface RoleServices {
  readonly routes?: readonly RouteRegistrar[];
  readonly initialState?: InitialStateSource;
  /** Serve the role's realtime traffic on the hub's servers; I/O starts here. */
  attach(live: { server: Server; io: HubIo }): void;
  stop(): Promise<void>;
}

/**
 * Everything a role adds to the hub, registered in one place (role-table.ts). The composition root
 * hands each part to the service that runs it; no service names a role.
 */
export interface HubRole {
  /** A role from the protocol's list, or "device" for what every device sends. */
  readonly name: RoleName | "device";
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
  /** Long-lived services of the role, built by the composition root with the hub's shared parts. */
  readonly services?: (deps: RoleServiceDeps) => RoleServices;
}
