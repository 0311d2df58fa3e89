import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHubCli } from "./cli.test-support.js";

// Runs the built `hub` CLI as an installer would (npm test builds dist first), on a throw-away PGlite.
let dataDir: string;

const hub = (args: string[], env: Record<string, string> = {}) => runHubCli(dataDir, args, env);

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
