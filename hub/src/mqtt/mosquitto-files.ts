import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  deviceSubscriptions,
  type MessageKind,
  messageKinds,
  messages,
  topicFilter,
} from "@sitewatch/shared-protocol";
import { asc } from "drizzle-orm";
import { deviceMosquittoHash } from "../auth/broker-hashes.js";
import { parseDeviceUsername } from "../auth/device-credentials.js";
import type { HomeAssistantSettings } from "../config-integrations.js";
import type { Db } from "../db/client.js";
import { devices } from "../db/schema/index.js";
import { writeFileAtomic } from "../files/atomic-file.js";
import { integratorReadFilters, integratorWriteTopics } from "./integrator-acl.js";

/** Topics a device may publish: every device-to-hub kind below its own prefix, and nothing else. */
export function devicePublishFilters(site: string, device: string): string[] {
  return messageKinds
    .filter((k: MessageKind) => messages[k].direction === "device-to-hub")
    .map((k) => topicFilter(k, { site, device }));
}

/**
 * Lines every Mosquitto listener that devices reach must carry, right after its `listener` line in
 * mosquitto.conf. `use_username_as_clientid` makes the client id the username, so a device can no
 * longer connect with another device's client id and so take over (disconnect) that device's session.
 * They cannot go into the file broker-config writes: Mosquitto 2.0 reads listener options in an
 * included file as options of a default listener and opens an extra one on port 1883 for them.
 */
export const MOSQUITTO_LISTENER_SETTINGS: readonly string[] = ["use_username_as_clientid true"];

export interface BrokerConfigInput {
  db: Db;
  dir: string;
  /**
   * The hub's own account (full access). With MOSQUITTO_LISTENER_SETTINGS the client id is the
   * username, so two hub instances on one account would keep taking over each other's session: give
   * each instance its own account, as a list or comma-separated (`sitewatch-hub-1,sitewatch-hub-2`);
   * they share `hubPassword`. A hub's persistent session then lives under its username.
   */
  hubUser: string | readonly string[];
  hubPassword: string;
  /** The read-only integrator account (HUB_INTEGRATOR_USERNAME): `topic read` lines only. */
  integrator?: { username: string; password: string };
  /** With Home Assistant discovery on, the hub may also write below its discovery prefix. */
  homeAssistant?: HomeAssistantSettings;
}

export interface BrokerConfigFiles {
  passwordFile: string;
  aclFile: string;
  /** A mosquitto.conf fragment pointing at both files; include it or copy its lines. */
  confFile: string;
  devices: number;
  /** Active devices left out because they were enrolled before Mosquitto hashes were stored. */
  skipped: string[];
}

function checkName(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(name))
    throw new Error(`unusable Mosquitto username ${JSON.stringify(name)}`);
  return name;
}

/** Hub account names; one shaped like `<site>.<device>` could be claimed by enrolling that device. */
function hubNames(hubUser: BrokerConfigInput["hubUser"]): string[] {
  const names = (typeof hubUser === "string" ? hubUser.split(",") : [...hubUser]).map((n) => n.trim());
  const unique = [...new Set(names.filter(Boolean))];
  if (unique.length === 0) throw new Error("broker-config needs at least one hub account name");
  for (const name of unique) {
    checkName(name);
    if (parseDeviceUsername(name)) {
      throw new Error(`hub account ${JSON.stringify(name)} looks like a device username (<site>.<device>)`);
    }
  }
  return unique;
}

function integratorName(name: string, hubs: readonly string[]): string {
  checkName(name);
  if (parseDeviceUsername(name) || hubs.includes(name)) {
    throw new Error(`integrator account ${JSON.stringify(name)} clashes with a device or hub account`);
  }
  return name;
}

/**
 * Writes the Mosquitto password and ACL files equivalent to the embedded broker's rules: each device
 * may publish its own device-to-hub topics and read its own commands; the hub user may do anything; the
 * optional integrator account may only read the state topics of integrator-acl.ts.
 * Revoked devices are left out, so re-running the command (and reloading Mosquitto with SIGHUP) is how
 * a revocation reaches an external broker. Files are written atomically (temp file + rename).
 */
export async function writeBrokerConfig(input: BrokerConfigInput): Promise<BrokerConfigFiles> {
  const rows = await input.db
    .select({
      site: devices.siteId,
      device: devices.id,
      username: devices.mqttUsername,
      status: devices.status,
      mosquittoHash: devices.mosquittoHash,
    })
    .from(devices)
    .orderBy(asc(devices.mqttUsername));
  const hubs = hubNames(input.hubUser);
  const passwords = hubs.map((hub) => `${hub}:${deviceMosquittoHash(input.hubPassword)}`);
  const acl = ["# Written by `hub broker-config`; regenerate after enrolling or revoking devices."];
  const haPrefix = input.homeAssistant ? [`topic readwrite ${input.homeAssistant.discoveryPrefix}/#`] : [];
  for (const hub of hubs) acl.push(`user ${hub}`, "topic readwrite sitewatch/#", ...haPrefix, "");
  if (input.integrator) {
    const user = integratorName(input.integrator.username, hubs);
    passwords.push(`${user}:${deviceMosquittoHash(input.integrator.password)}`);
    const reads = integratorReadFilters(input.homeAssistant).map((f) => `topic read ${f}`);
    const writes = integratorWriteTopics(input.homeAssistant).map((t) => `topic write ${t}`);
    acl.push(`user ${user}`, ...reads, ...writes, "");
  }
  const skipped: string[] = [];
  let count = 0;
  for (const row of rows) {
    if (row.status !== "active") continue;
    if (!row.mosquittoHash) {
      skipped.push(row.username);
      continue;
    }
    const user = checkName(row.username);
    passwords.push(`${user}:${row.mosquittoHash}`);
    acl.push(`user ${user}`);
    for (const filter of devicePublishFilters(row.site, row.device)) acl.push(`topic write ${filter}`);
    for (const filter of deviceSubscriptions({ site: row.site, device: row.device }))
      acl.push(`topic read ${filter}`);
    acl.push("");
    count += 1;
  }
  await mkdir(input.dir, { recursive: true });
  const passwordFile = join(input.dir, "sitewatch.passwd");
  const aclFile = join(input.dir, "sitewatch.acl");
  const confFile = join(input.dir, "sitewatch.conf");
  const conf = [
    "# Mosquitto settings for Sitewatch; written by `hub broker-config`.",
    "# Also put these lines right after each `listener` line of mosquitto.conf (here Mosquitto would",
    "# open an extra listener on 1883 for them); they stop a device taking over another's session:",
    ...MOSQUITTO_LISTENER_SETTINGS.map((line) => `#   ${line}`),
    "# Then every hub instance needs its own account (broker-config --hub-user a,b).",
    "allow_anonymous false",
    `password_file ${passwordFile}`,
    `acl_file ${aclFile}`,
    "# Hub instances keep persistent sessions; queue enough for a short hub outage.",
    "max_queued_messages 100000",
    "",
  ];
  await writeFileAtomic(passwordFile, `${passwords.join("\n")}\n`, 0o600);
  await writeFileAtomic(aclFile, `${acl.join("\n")}\n`, 0o644);
  await writeFileAtomic(confFile, conf.join("\n"), 0o644);
  return { passwordFile, aclFile, confFile, devices: count, skipped };
}
