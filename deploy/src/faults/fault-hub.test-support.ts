import { type ChildProcess, execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { getFreePort } from "@sitewatch/testkit";
import { signalAndWait } from "./child-signal.test-support.js";

/**
 * The built hub (`node hub/dist/main.js start`, as a service manager runs it) as a child process that a
 * fault test can kill -9 and start again on the same ports and data. Provisioning goes through the CLI
 * and the REST API, as an operator's would: an admin, a site, an enrolment token, one device.
 */
const MAIN =
  process.env.FAULT_HUB_MAIN ?? fileURLToPath(new URL("../../../hub/dist/main.js", import.meta.url));
const run = promisify(execFile);
const ADMIN = { email: "faults@sitewatch.test", password: "fault-suite-admin-password" };

export interface FaultHubOptions {
  dataDir: string;
  /** Postgres URL; without it the hub keeps PGlite in `dataDir`. */
  databaseUrl?: string;
  /** External broker URL (the hub then subscribes as a client) and the hub's broker login. */
  mqtt?: { url: string; username: string; password: string };
  env?: Record<string, string>;
}

export interface DeviceLogin {
  site: string;
  device: string;
  username: string;
  password: string;
}

export class FaultHub {
  private child: ChildProcess | undefined;
  private log = "";
  private ports: { http: number; mqtt: number; ws: number } | undefined;
  /** Exits of the hub process not caused by this harness. */
  unexpectedExits = 0;
  /** Set while kill() or stop() ends the process on purpose. */
  private ending = false;

  constructor(private readonly opts: FaultHubOptions) {}

  get dataDir(): string {
    return this.opts.dataDir;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port("http")}`;
  }

  /** The embedded broker's MQTT URL. */
  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.port("mqtt")}`;
  }

  get output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    if (!this.ports) {
      this.ports = { http: await getFreePort(), mqtt: await getFreePort(), ws: await getFreePort() };
      // Before the first start: PGlite belongs to one process at a time.
      await run(
        process.execPath,
        [MAIN, "create-admin", "--email", ADMIN.email, "--password", ADMIN.password],
        {
          env: this.env(),
          timeout: 60_000,
        },
      );
    }
    const child = spawn(process.execPath, [MAIN, "start"], {
      env: this.env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-64_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.once("exit", () => {
      // Only exits nobody asked for count (a handled SIGTERM ends in a normal exit, too).
      if (this.child === child && !this.ending) this.unexpectedExits += 1;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`hub exited at start:\n${this.log}`);
      const ready = await fetch(`${this.url}/readyz`).catch(() => undefined);
      if (ready?.ok) return;
      if (Date.now() > deadline) throw new Error(`hub not ready within 60 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9: no drain, no goodbye. */
  async kill(): Promise<void> {
    this.ending = true;
    await signalAndWait(this.child, "SIGKILL").finally(() => {
      this.ending = false;
    });
  }

  /** A clean stop (SIGTERM): the hub drains what it accepted. */
  async stop(): Promise<void> {
    this.ending = true;
    await signalAndWait(this.child, "SIGTERM").finally(() => {
      this.ending = false;
    });
  }

  /** Runs a hub CLI command (e.g. broker-config) with this hub's environment; returns its output. */
  async cli(args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [MAIN, ...args], { env: this.env(), timeout: 60_000 });
    return stdout;
  }

  /** A site and one enrolled device (the admin exists since the first start); call once, running. */
  async provision(site: string, device: string): Promise<DeviceLogin> {
    const { accessToken } = await this.post<{ accessToken: string }>("/api/v1/auth/login", ADMIN);
    await this.post("/api/v1/sites", { id: site, name: site }, accessToken);
    const { token } = await this.post<{ token: string }>(
      `/api/v1/sites/${site}/enrollment-tokens`,
      { expiresInS: 600 },
      accessToken,
    );
    const enrolled = await this.post<{ mqtt: { username: string; password: string } }>(
      "/api/v1/devices/enroll",
      { token, deviceId: device },
    );
    return { site, device, ...enrolled.mqtt };
  }

  private async post<T>(path: string, body: unknown, token?: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  private port(which: "http" | "mqtt" | "ws"): number {
    // The CLI may run before the first start: it binds nothing.
    return this.ports?.[which] ?? 0;
  }

  private env(): Record<string, string> {
    const { opts } = this;
    return {
      PATH: process.env.PATH ?? "",
      HUB_DATA_DIR: opts.dataDir,
      HUB_HTTP_HOST: "127.0.0.1",
      HUB_HTTP_PORT: String(this.port("http")),
      HUB_MQTT_HOST: "127.0.0.1",
      HUB_MQTT_PORT: String(this.port("mqtt")),
      HUB_MQTT_WS_PORT: String(this.port("ws")),
      JWT_SECRET: "fault-suite-secret-that-is-long-enough-0123",
      LOG_LEVEL: "warn",
      HUB_ACCESS_LOG: "false",
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      ...(opts.mqtt
        ? {
            MQTT_URL: opts.mqtt.url,
            MQTT_USERNAME: opts.mqtt.username,
            MQTT_PASSWORD: opts.mqtt.password,
            HUB_INSTANCE_ID: "fault-hub",
          }
        : {}),
      ...opts.env,
    };
  }
}

/** Where a PGlite hub keeps its database (see the hub's config). */
export const pgliteDir = (dataDir: string) => join(dataDir, "pglite");
