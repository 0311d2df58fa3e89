import { cameraRoles } from "@sitewatch/shared-protocol";
import type { AttentionThresholds } from "@sitewatch/shared-protocol/attention";
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const sites = pgTable("sites", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  // Statistics are bucketed by local hour, so the site's zone is part of its identity.
  timezone: text("timezone").notNull().default("UTC"),
  // Alert thresholds: a seat held longer than this many minutes, or empty longer than this many hours.
  alertHeldMinutes: integer("alert_held_minutes").notNull().default(30),
  alertVacantHours: integer("alert_vacant_hours").notNull().default(4),
  // Only the attention thresholds an admin changed (the rest follow the shared defaults as they evolve);
  // null: none changed.
  attentionThresholds: jsonb("attention_thresholds").$type<Partial<AttentionThresholds>>(),
  createdAt: createdAt(),
});

export const devices = pgTable(
  "devices",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    mqttUsername: text("mqtt_username").notNull(),
    // scrypt hash of the MQTT password; the password itself is shown once, at enrolment.
    passwordHash: text("password_hash").notNull(),
    // The same password in Mosquitto's PBKDF2 `$7$` format, so `hub broker-config` can write a password
    // file for an external broker (which cannot read scrypt); null for devices enrolled before it existed.
    mosquittoHash: text("mosquitto_hash"),
    // The same password as bcrypt, the only hash nats-server 2.9 reads, for the NATS accounts file
    // (`hub broker-config --nats`); null for devices enrolled before it existed.
    natsHash: text("nats_hash"),
    status: text("status", { enum: ["active", "revoked"] })
      .notNull()
      .default("active"),
    online: boolean("online").notNull().default(false),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    agentVersion: text("agent_version"),
    health: jsonb("health"),
    lastSeq: bigint("last_seq", { mode: "number" }),
    configRevision: integer("config_revision").notNull().default(0),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.id] }),
    uniqueIndex("devices_mqtt_username_idx").on(t.mqttUsername),
  ],
);

export const enrollmentTokens = pgTable("enrollment_tokens", {
  id: text("id").primaryKey(),
  siteId: text("site_id")
    .notNull()
    .references(() => sites.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  note: text("note"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  usedByDevice: text("used_by_device"),
  /** A re-enrolment token only works for this device id, and may re-key it while it is still active. */
  boundDevice: text("bound_device"),
  createdBy: text("created_by"),
  createdAt: createdAt(),
});

export const cameras = pgTable(
  "cameras",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    deviceId: text("device_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: cameraRoles }).notNull(),
    url: text("url"),
    sampleIntervalMs: integer("sample_interval_ms").notNull().default(3000),
    enabled: boolean("enabled").notNull().default(true),
    state: text("state").notNull().default("unknown"),
    stateReason: text("state_reason"),
    stateAt: timestamp("state_at", { withTimezone: true }),
    width: integer("width"),
    height: integer("height"),
    codec: text("codec"),
    fps: real("fps"),
    // The role's own settings pushed to the device (a GateSettings for gate cameras); null keeps the
    // device's own. Seats keep theirs in seat_definitions, where statistics join them.
    settings: jsonb("settings"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.deviceId, t.id] })],
);
