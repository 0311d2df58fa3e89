import { setTimeout as sleep } from "node:timers/promises";
import {
  encodeMessage,
  examples,
  type LiveEvent,
  type LiveEventKind,
  type MessageInput,
  type MessageKind,
  uuidv7,
} from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import { deviceMosquittoHash } from "../auth/broker-hashes.js";
import { devicePasswordHash, deviceUsername } from "../auth/device-credentials.js";
import type { HubConfig } from "../config.js";
import { type Database, type Db, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { devices, sites } from "../db/schema/index.js";
import type { DomainEventName, DomainEventPublisher, DomainEvents } from "../events/domain-events.js";
import { createBrokerAuth } from "../mqtt/broker-auth.js";
import { createEmbeddedTransport, type EmbeddedTransport } from "../mqtt/embedded-transport.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { ingestModules } from "../roles/role-table.js";
import type { AnyIngestModule } from "./ingest-module.js";
import { createIngestService, type IngestService } from "./ingest-service.js";

/** Test helpers shared by the ingest and MQTT integration tests (real databases, real brokers). */

export async function migratedDatabase(config: HubConfig["database"]): Promise<Database> {
  const database = await openDatabase(config);
  await runMigrations(database);
  return database;
}

export interface EnrolledDevice {
  site: string;
  device: string;
  username: string;
  password: string;
}

/** Inserts the site (if needed) and a device with real scrypt and Mosquitto hashes of its password. */
export async function enrolTestDevice(
  db: Db,
  site: string,
  device: string,
  status: "active" | "revoked" = "active",
): Promise<EnrolledDevice> {
  await db.insert(sites).values({ id: site, name: site }).onConflictDoNothing();
  const password = `dev_${uuidv7()}`;
  const username = deviceUsername(site, device);
  await db.insert(devices).values({
    siteId: site,
    id: device,
    name: device,
    mqttUsername: username,
    passwordHash: devicePasswordHash(password),
    mosquittoHash: deviceMosquittoHash(password),
    status,
  });
  return { site, device, username, password };
}

/** An MQTT client logged in as the enrolled device (its username is also its client id, as agents do). */
export function connectEnrolled(url: string, d: EnrolledDevice): Promise<MqttClient> {
  return mqtt.connectAsync(url, { username: d.username, password: d.password, clientId: d.username });
}

/** Stands in for the domain event bus: remembers what ingest emitted (what dashboards would see), in order. */
export class RecordingBroadcaster implements DomainEventPublisher {
  readonly events: Array<{ name: DomainEventName; payload: unknown }> = [];

  emit<N extends DomainEventName>(name: N, payload: DomainEvents[N]): void {
    this.events.push({ name, payload });
  }

  of(kind: LiveEventKind): Array<LiveEvent<LiveEventKind>> {
    return this.events.filter((e) => e.name === kind).map((e) => e.payload as LiveEvent<LiveEventKind>);
  }
}

/** Polls `check` until it returns a truthy value or the time is up. */
export async function until<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** A valid payload of `kind` built from the protocol's example, with a fresh id and the given fields. */
export function payload<K extends MessageKind>(kind: K, fields: Partial<MessageInput<K>> = {}): string {
  const base = examples[kind] as Record<string, unknown>;
  const withId = "id" in base && base.id !== undefined ? { ...base, id: uuidv7() } : base;
  return encodeMessage(kind, { ...withId, ...fields } as MessageInput<K>);
}

/** A seat change with a fresh id. */
export function seatChange(fields: Partial<MessageInput<"seatChange">>): string {
  return payload("seatChange", { vacancyMs: undefined, ...fields });
}

export interface EmbeddedIngest {
  metrics: Metrics;
  transport: EmbeddedTransport;
  ingest: IngestService;
  broadcaster: RecordingBroadcaster;
  /** mqtt:// URL of the broker. */
  url: string;
}

/** A started ingest service on an embedded aedes broker (port 0), as the hub wires it. */
export async function startEmbeddedIngest(
  database: Database,
  opts: {
    dataDir: string;
    ingest?: { batchRows: number; batchMs: number; maxPending: number };
    superUsers?: Array<{ username: string; password: string }>;
    metrics?: Metrics;
    /** How long skipped sequence numbers wait for a late arrival before they count as lost. */
    sequenceGraceMs?: number;
    /** Ingest modules instead of the registered roles' (a test role). */
    modules?: AnyIngestModule[];
  },
): Promise<EmbeddedIngest> {
  const metrics = opts.metrics ?? createMetrics();
  const logger = createLogger("silent");
  const auth = createBrokerAuth({ db: database.db, metrics, logger, superUsers: opts.superUsers });
  const transport = createEmbeddedTransport({
    mqtt: { host: "127.0.0.1", port: 0, wsPort: 0 },
    auth,
    metrics,
    logger,
  });
  const broadcaster = new RecordingBroadcaster();
  const ingest = createIngestService({
    database,
    modules: opts.modules ?? ingestModules(),
    transport,
    events: broadcaster,
    metrics,
    logger,
    config: {
      ingest: {
        ...(opts.ingest ?? { batchRows: 500, batchMs: 10, maxPending: 10_000 }),
        sequenceGraceMs: opts.sequenceGraceMs,
      },
      dataDir: opts.dataDir,
    },
  });
  await ingest.start();
  return { metrics, transport, ingest, broadcaster, url: `mqtt://127.0.0.1:${transport.ports().mqtt}` };
}
