import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { type NatsServer, startNats } from "@sitewatch/testkit";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHubCli } from "./cli.test-support.js";
import { openDatabase } from "./db/client.js";
import { startTestHub } from "./http/http.test-support.js";
import { type EnrolledDevice, enrolTestDevice, payload, until } from "./ingest/ingest.test-support.js";
import { createJetStreamTransport } from "./mqtt/jetstream-transport.js";
import { createLogger } from "./observability/logger.js";

// Runs the built `hub broker-config --nats` as an operator would (npm test builds dist first), on a
// file-backed PGlite that the test opens in between runs to enrol devices through the REST route.
const HUB_ACCOUNT = { MQTT_USERNAME: "sitewatch-hub", MQTT_PASSWORD: "hub-secret-for-cli-nats" };
let dataDir: string;
let out: string;
let nats: NatsServer | undefined;

const hub = (args: string[], env: Record<string, string> = {}) => runHubCli(dataDir, args, env);

/** Enrols one device through the REST route and inserts one without a NATS hash, in the CLI's database. */
async function enrolDevices(): Promise<{ enrolled: EnrolledDevice; legacy: EnrolledDevice }> {
  const database = await openDatabase({ kind: "pglite", dir: join(dataDir, "pglite") });
  const rest = await startTestHub({ database });
  try {
    const token = rest.adminToken;
    await rest.call("POST", "/api/v1/sites", { token, json: { id: "yard", name: "Yard" } });
    const t = await rest.call("POST", "/api/v1/sites/yard/enrollment-tokens", { token, json: {} });
    const e = await rest.call("POST", "/api/v1/devices/enroll", {
      json: { token: t.body.token, deviceId: "gate-1" },
    });
    expect(e.status, e.text).toBe(201);
    const enrolled = {
      site: "yard",
      device: "gate-1",
      ...(e.body.mqtt as { username: string; password: string }),
    };
    return { enrolled, legacy: await enrolTestDevice(database.db, "yard", "old-gate") };
  } finally {
    await rest.close();
    await database.close();
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-cli-nats-"));
  out = join(dataDir, "nats");
});
afterAll(async () => {
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("hub broker-config --nats", () => {
  it("refuses without one usable hub user", async () => {
    const missing = await hub(["broker-config", "--nats", "--out", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--hub-user/--hub-password or MQTT_USERNAME/MQTT_PASSWORD");
    const two = await hub(
      ["broker-config", "--nats", "--out", out, "--hub-user", "hub-1,hub-2"],
      HUB_ACCOUNT,
    );
    expect(two.code).toBe(1);
    expect(two.stderr).toContain("needs one hub user of letters, digits, '-' and '_', not \"hub-1,hub-2\"");
    expect(two.stderr).not.toContain("    at ");
  });

  // Three hub CLI runs (each a Node start-up) and a nats-server: slow on a busy 2-core machine.
  it("writes accounts a real nats-server accepts, keeps an edited server config, and names skipped devices", async () => {
    const first = await hub(["broker-config", "--nats", "--out", out], HUB_ACCOUNT);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("for 0 device(s)");
    expect(first.stdout).toContain(`wrote ${join(out, "nats-server.conf")}`);
    const { enrolled, legacy } = await enrolDevices();
    appendFileSync(join(out, "nats-server.conf"), "# edited by the operator\n");

    const second = await hub(["broker-config", "--nats", "--out", out], HUB_ACCOUNT);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("for 1 device(s)");
    expect(second.stdout).toContain(`kept ${join(out, "nats-server.conf")}`);
    expect(second.stdout).toMatch(
      new RegExp(`skipped \\(.*devices/<device>/revoke.*\\): ${legacy.username}\\n`),
    );
    expect(readFileSync(join(out, "nats-server.conf"), "utf8")).toContain("# edited by the operator");
    const accounts = readFileSync(join(out, "sitewatch-accounts.conf"), "utf8");
    expect(accounts).toContain(`user: "${enrolled.username}"`);
    expect(accounts).not.toContain(enrolled.password);
    expect(accounts).not.toContain(HUB_ACCOUNT.MQTT_PASSWORD);
    const check = spawnSync(natsBinary(), ["-t", "-c", join(out, "nats-server.conf")], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);

    // The enrolled device's own credentials reach the hub's stream through the written accounts.
    nats = await startNats({ include: [join(out, "sitewatch-accounts.conf")] });
    const transport = createJetStreamTransport({
      servers: [nats.url],
      username: HUB_ACCOUNT.MQTT_USERNAME,
      password: HUB_ACCOUNT.MQTT_PASSWORD,
      stream: "SITEWATCH",
      consumer: "sitewatch-hub",
      logger: createLogger("silent"),
    });
    const received: string[] = [];
    transport.onMessage(async (topic) => {
      received.push(topic);
    });
    await transport.start();
    const connect = (d: EnrolledDevice) =>
      mqtt.connectAsync(nats?.mqttUrl ?? "", {
        clientId: d.username,
        username: d.username,
        password: d.password,
        reconnectPeriod: 0,
      });
    try {
      await expect(connect(legacy)).rejects.toThrow(/authori[sz]ed/i);
      const device = await connect(enrolled);
      const topic = topics.gateEntry({ site: "yard", device: "gate-1", camera: "c1" });
      await device.publishAsync(topic, payload("gateEntry"), { qos: 1 });
      await until(() => received.includes(topic), 10_000, "the enrolled device's event at the hub");
      device.end(true);
    } finally {
      await transport.stop();
    }
  }, 180_000);
});

function natsBinary(): string {
  const found = ["/usr/sbin/nats-server", "/usr/local/sbin/nats-server", "/usr/local/bin/nats-server"].find(
    (p) => spawnSync(p, ["--version"]).status === 0,
  );
  return found ?? "nats-server";
}
