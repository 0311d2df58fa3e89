import { Command, Option } from "commander";
import { eq } from "drizzle-orm";
import { newSecret } from "./auth/passwords.js";
import { createUser, normaliseEmail, updateUser } from "./auth/users.js";
import { ConfigError, type HubConfig, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { runMigrations } from "./db/migrate.js";
import { users } from "./db/schema/index.js";
import { Hub } from "./hub.js";
import { writeBrokerConfig } from "./mqtt/mosquitto-files.js";
import { NATS_SKIPPED_HINT, writeNatsConfig } from "./mqtt/nats-files.js";
import { productVersion } from "./package-version.js";

/** Opens the configured database, migrated, for one CLI command, and always closes it. */
async function withDatabase<T>(
  config: HubConfig,
  fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const database = await openDatabase(config.database);
  try {
    await runMigrations(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function startCommand(config: HubConfig): Promise<void> {
  const hub = new Hub(config);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    hub.logger.info({ signal }, "stopping");
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await hub.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  await hub.start();
  const { http, mqtt, mqttWs } = hub.ports();
  const scheme = config.tls ? "https" : "http";
  process.stdout.write(
    `\nSitewatch hub is running\n  REST, Socket.IO   ${scheme}://localhost:${http}  (API docs: /api/docs)\n` +
      (mqtt
        ? `  MQTT              mqtt://localhost:${mqtt}  (WebSocket: ${mqttWs})\n`
        : `  MQTT              ${config.mqtt.kind} broker\n`) +
      (hub.initialAdmin
        ? `  first admin       ${hub.initialAdmin.email} / ${hub.initialAdmin.password}  (shown once)\n`
        : "") +
      "  Ctrl-C to stop\n\n",
  );
}

async function createAdminCommand(
  config: HubConfig,
  opts: { email: string; password?: string; name?: string },
) {
  const password = opts.password ?? newSecret("admin").slice(0, 24);
  await withDatabase(config, async ({ db }) => {
    const email = normaliseEmail(opts.email);
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) await updateUser(db, existing.id, { role: "admin", password, disabled: false });
    else await createUser(db, { email, password, role: "admin", displayName: opts.name ?? "Administrator" });
    process.stdout.write(
      `${existing ? "updated" : "created"} admin ${email}${opts.password ? "" : ` with password ${password}`}\n`,
    );
  });
}

async function brokerConfigCommand(
  config: HubConfig,
  opts: { out: string; hubUser?: string; hubPassword?: string; nats?: boolean },
) {
  const hubUser = opts.hubUser ?? config.mqttAccount?.username;
  const hubPassword = opts.hubPassword ?? config.mqttAccount?.password;
  if (!hubUser || !hubPassword) {
    throw new ConfigError(
      "broker-config needs the hub's own broker account: --hub-user/--hub-password or MQTT_USERNAME/MQTT_PASSWORD",
    );
  }
  if (opts.nats && config.integrations?.integrator)
    throw new ConfigError("broker-config --nats cannot write the integrator account (MQTT brokers only)");
  if (opts.nats) return natsConfigCommand(config, { out: opts.out, hubUser, hubPassword });
  await withDatabase(config, async ({ db }) => {
    // The integrator account and Home Assistant's discovery prefix, when the environment turns them on.
    const extra = config.integrations;
    const files = await writeBrokerConfig({ db, dir: opts.out, hubUser, hubPassword, ...extra });
    process.stdout.write(
      `wrote ${files.passwordFile}, ${files.aclFile} and ${files.confFile} for ${files.devices} device(s)\n` +
        (files.skipped.length ? `skipped (re-enrol to include): ${files.skipped.join(", ")}\n` : "") +
        "include the conf file in mosquitto.conf and send SIGHUP to Mosquitto to apply changes\n",
    );
  });
}

async function natsConfigCommand(
  config: HubConfig,
  opts: { out: string; hubUser: string; hubPassword: string },
) {
  // All hub instances share one NATS user, and a '.' could clash with a device's `<site>.<device>`.
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(opts.hubUser)) {
    throw new ConfigError(
      `broker-config --nats needs one hub user of letters, digits, '-' and '_', not ${JSON.stringify(opts.hubUser)}`,
    );
  }
  await withDatabase(config, async ({ db }) => {
    const files = await writeNatsConfig({
      db,
      dir: opts.out,
      hubUser: opts.hubUser,
      hubPassword: opts.hubPassword,
    });
    process.stdout.write(
      `wrote ${files.accountsFile} for ${files.devices} device(s)\n` +
        (files.serverWritten
          ? `wrote ${files.serverFile}: a starting nats-server config that includes it\n`
          : `kept ${files.serverFile} as it is\n`) +
        (files.skipped.length ? `skipped (${NATS_SKIPPED_HINT}): ${files.skipped.join(", ")}\n` : "") +
        "run `nats-server --signal reload` (or send it SIGHUP) to apply changes\n",
    );
  });
}

export function buildCli(): Command {
  const program = new Command("hub")
    .description("Sitewatch hub: MQTT ingest, storage, REST API and live dashboards")
    .version(productVersion(), "-V, --version", "print the Sitewatch version")
    .showHelpAfterError();
  const config = () => loadConfig();
  program
    .command("start")
    .description("run the hub (HTTP, Socket.IO, MQTT broker or client, ingest)")
    .action(() => startCommand(config()));
  program
    .command("migrate")
    .description("apply database migrations and exit")
    .action(async () => {
      await withDatabase(config(), async (d) => {
        process.stdout.write(`migrated ${d.describe}\n`);
      });
    });
  program
    .command("create-admin")
    .description("create an admin account, or reset an existing account's password and make it admin")
    .requiredOption("--email <email>", "login e-mail")
    .addOption(
      new Option(
        "--password <password>",
        "password (at least 8 characters); generated and printed if omitted",
      ),
    )
    .option("--name <name>", "display name")
    .action((opts) => createAdminCommand(config(), opts));
  program
    .command("broker-config")
    .description(
      "write Mosquitto password and ACL files (or, with --nats, nats-server accounts) equivalent to the embedded broker's rules",
    )
    .requiredOption(
      "--out <dir>",
      "directory for sitewatch.passwd, sitewatch.acl and sitewatch.conf (with --nats: sitewatch-accounts.conf and nats-server.conf)",
    )
    .option(
      "--nats",
      "write nats-server accounts (one per device) for NATS_URL mode instead of Mosquitto files",
    )
    .option("--hub-user <name>", "the hub's own broker account (default MQTT_USERNAME)")
    .option("--hub-password <password>", "its password (default MQTT_PASSWORD)")
    .action((opts) => brokerConfigCommand(config(), opts));
  const whole = (v: string) => (/^\d+$/.test(v) ? Number(v) : Number.NaN);
  program
    .command("worker")
    .description(
      "run the analysis jobs whose place is the hub (ANALYSIS_HUB_PROVIDERS) beside a hub on PostgreSQL; " +
        "SIGINT/SIGTERM stops claiming, lets running jobs finish for 30 s, then releases them",
    )
    .option("--concurrency <n>", "jobs run at once", whole, 1)
    .option("--once", "claim and run at most one job, then exit (exit code 3 when none was waiting)")
    .option("--lease-seconds <s>", "lease per claim, renewed every third of it", whole, 60)
    .action(async (opts) => {
      // Loaded on use: FFmpeg and libvips bindings are of no use to the other commands.
      const { hubWorkerCommand } = await import("./roles/archive/worker/hub-worker-command.js");
      process.exit(await hubWorkerCommand(config(), opts));
    });
  return program;
}
