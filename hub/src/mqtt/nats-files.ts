import { createHash } from "node:crypto";
import { link, mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { asc } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { devices } from "../db/schema/index.js";
import { writeFileAtomic } from "../files/atomic-file.js";
import { devicePermissions, hubExportSubjects } from "./nats-subjects.js";

/** The hub's password is chosen by a person and checked once per hub connection: a real work factor. */
const HUB_BCRYPT_COST = 11;

export interface NatsConfigInput {
  db: Db;
  dir: string;
  /** The hub's own NATS user (in the HUB account); give the same to every hub instance. */
  hubUser: string;
  hubPassword: string;
  /** JetStream file storage each device account may use for its MQTT session state; default 4 MB. */
  deviceStorage?: string;
}

export interface NatsConfigFiles {
  /** The `accounts { ... }` block; include it from nats-server.conf (it holds password hashes). */
  accountsFile: string;
  /**
   * A complete starting nats-server.conf that includes the accounts file; adjust listeners and paths.
   * Written only when missing, so regenerating the accounts keeps the operator's adjustments.
   */
  serverFile: string;
  serverWritten: boolean;
  devices: number;
  /** Active devices left out because they were enrolled before devices.nats_hash was filled. */
  skipped: string[];
}

/** What an operator does about skipped devices; printed by `hub broker-config --nats`. */
export const NATS_SKIPPED_HINT =
  "enrolled before NATS hashes were stored: re-key each (POST /api/v1/sites/<site>/devices/<device>/revoke, " +
  "then enrol it again with a new token), or let it log in once to the hub's embedded broker, then regenerate";

/**
 * Account names end up in subjects ($SYS events), so no '.', and ids may hold '-' and '_' ambiguously.
 * The name changes with the credential (its hash): nats-server 2.9.10 hangs every MQTT CONNECT to an
 * account that was removed by a reload while a client was connected and is later added back under the
 * same name, which is exactly what revoking a connected device and re-enrolling it would do. A re-keyed
 * device therefore starts with a fresh MQTT session.
 */
export function deviceAccountName(username: string, natsHash: string): string {
  return `DEV_${createHash("sha256").update(`${username}\n${natsHash}`).digest("hex").slice(0, 20)}`;
}

const q = (s: string) => JSON.stringify(s);

function checkUser(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(name))
    throw new Error(`unusable NATS username ${JSON.stringify(name)}`);
  return name;
}

/**
 * Writes the nats-server accounts for Sitewatch. Every device gets an account of its own: NATS keeps
 * MQTT sessions per account, so one device's credentials cannot take over another device's client id
 * (in a shared account a CONNECT with someone else's client id disconnects them). A device account
 * exports only that device's device-to-hub subjects to the HUB account, where the ingest stream lives,
 * and imports only its own command and confirmation subjects; anything else it publishes stays inside
 * its account.
 * Re-run after enrolling or revoking devices and reload nats-server (`nats-server --signal reload`):
 * `hub broker-config --nats` does this from the command line.
 */
export async function writeNatsConfig(input: NatsConfigInput): Promise<NatsConfigFiles> {
  const rows = await input.db
    .select({
      site: devices.siteId,
      device: devices.id,
      username: devices.mqttUsername,
      status: devices.status,
      natsHash: devices.natsHash,
    })
    .from(devices)
    .orderBy(asc(devices.mqttUsername));
  const storage = input.deviceStorage ?? "4MB";
  const hubImports: string[] = [];
  const deviceAccounts: string[] = [];
  const skipped: string[] = [];
  for (const row of rows) {
    if (row.status !== "active") continue;
    const hash = row.natsHash;
    if (!hash) {
      skipped.push(row.username);
      continue;
    }
    const account = deviceAccountName(checkUser(row.username), hash);
    const { publish, subscribe } = devicePermissions(row.site, row.device);
    for (const subject of publish)
      hubImports.push(`      { stream: { account: ${account}, subject: ${q(subject)} } }`);
    deviceAccounts.push(
      `  # ${row.username}`,
      `  ${account}: {`,
      `    jetstream: { max_file: ${storage}, max_mem: 0 }`,
      `    users: [ { user: ${q(row.username)}, password: ${q(hash)} } ]`,
      `    exports: [ ${publish.map((s) => `{ stream: ${q(s)} }`).join(", ")} ]`,
      `    imports: [ ${subscribe.map((s) => `{ stream: { account: HUB, subject: ${q(s)} } }`).join(", ")} ]`,
      "  }",
    );
  }
  const accounts = [
    "# Written by the Sitewatch hub; regenerate after enrolling or revoking devices, then reload nats-server.",
    "accounts {",
    "  HUB: {",
    "    jetstream: enabled",
    `    users: [ { user: ${q(checkUser(input.hubUser))}, password: ${q(bcrypt.hashSync(input.hubPassword, HUB_BCRYPT_COST))} } ]`,
    `    exports: [ ${hubExportSubjects()
      .map((s) => `{ stream: ${q(s)} }`)
      .join(", ")} ]`,
    "    imports: [",
    ...hubImports,
    "    ]",
    "  }",
    ...deviceAccounts,
    "}",
    "",
  ];
  await mkdir(input.dir, { recursive: true });
  const accountsFile = join(input.dir, "sitewatch-accounts.conf");
  const serverFile = join(input.dir, "nats-server.conf");
  await writeFileAtomic(accountsFile, accounts.join("\n"), 0o600);
  const serverWritten = await writeIfMissing(serverFile, serverConfig(input.dir), 0o644);
  return { accountsFile, serverFile, serverWritten, devices: deviceAccounts.length / 7, skipped };
}

function serverConfig(dir: string): string {
  return [
    "# nats-server settings for Sitewatch (see docs/nats-broker.md); written by the hub.",
    "# The MQTT listener keys its session state by server name: keep it stable across restarts.",
    "server_name: sitewatch-nats-1",
    'listen: "0.0.0.0:4222"',
    "# Snapshots carry up to 1 MiB of base64 JPEG plus an envelope; the default limit is 1 MB.",
    "max_payload: 4MB",
    `jetstream { store_dir: ${q(join(dir, "jetstream"))} }`,
    'mqtt { listen: "0.0.0.0:1883" }',
    "include sitewatch-accounts.conf",
    "",
  ].join("\n");
}

/** link() refuses an existing target, so the file appears whole or not at all, and never replaces one. */
async function writeIfMissing(path: string, content: string, mode: number): Promise<boolean> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content, { mode });
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    await unlink(temp);
  }
}
