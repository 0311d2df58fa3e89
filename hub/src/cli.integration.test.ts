import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs the built `hub` CLI as an installer would (npm test builds dist first), on a throw-away PGlite.
const run = promisify(execFile);
const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
let dataDir: string;

async function hub(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HUB_DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-cli-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("hub CLI", () => {
  it("migrates the embedded database", async () => {
    const result = await hub(["migrate"]);
    expect(result.stdout).toContain(`migrated PGlite in ${join(dataDir, "pglite")}`);
    expect(result.code).toBe(0);
  });

  it("stops with one readable line per bad setting", async () => {
    const result = await hub(["migrate"], { DATABASE_URL: "mysql://nope", HUB_HTTP_PORT: "http" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL: must be a postgres:// URL");
    expect(result.stderr).toContain("HUB_HTTP_PORT");
    expect(result.stderr).not.toContain("    at ");
  });

  it("creates an admin, then resets the same account", async () => {
    const created = await hub(["create-admin", "--email", "Boss@Example.com"]);
    expect(created.stdout).toMatch(/created admin boss@example\.com with password \S{8,}/);
    const reset = await hub([
      "create-admin",
      "--email",
      "boss@example.com",
      "--password",
      "another-password",
    ]);
    expect(reset.stdout).toBe("updated admin boss@example.com\n");
    const short = await hub(["create-admin", "--email", "x@example.com", "--password", "short"]);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 8 characters/);
  });

  it("writes Mosquitto files only when it knows the hub's own broker account", async () => {
    const out = join(dataDir, "mosquitto");
    const missing = await hub(["broker-config", "--out", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--hub-user/--hub-password or MQTT_USERNAME/MQTT_PASSWORD");
    const written = await hub(["broker-config", "--out", out], {
      MQTT_USERNAME: "hub",
      MQTT_PASSWORD: "hub-secret-1",
    });
    expect(written.code).toBe(0);
    expect(existsSync(join(out, "sitewatch.acl"))).toBe(true);
    expect(readFileSync(join(out, "sitewatch.passwd"), "utf8")).toMatch(/^hub:\$7\$101\$/m);
  });
});
