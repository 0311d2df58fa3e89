import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const errorOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("loaded");
};
const account = { HUB_INTEGRATOR_USERNAME: "home-assistant", HUB_INTEGRATOR_PASSWORD: "long-enough-secret" };

describe("integration settings", () => {
  it("are all off by default", () => {
    expect(loadConfig({}).integrations).toEqual({ integrator: undefined, homeAssistant: undefined });
  });

  it("take the integrator account from the environment or a secrets file", () => {
    expect(loadConfig(account).integrations?.integrator).toEqual({
      username: "home-assistant",
      password: "long-enough-secret",
    });
    const file = join(mkdtempSync(join(tmpdir(), "hub-integrator-")), "password");
    writeFileSync(file, "from-a-docker-secret\n");
    const fromFile = loadConfig({ HUB_INTEGRATOR_USERNAME: "ha", HUB_INTEGRATOR_PASSWORD_FILE: file });
    expect(fromFile.integrations?.integrator?.password).toBe("from-a-docker-secret");
  });

  it("refuses half an account, a device-shaped or hub name and a short password", () => {
    expect(errorOf({ HUB_INTEGRATOR_USERNAME: "ha" })).toMatch(/must be set together/);
    expect(errorOf({ ...account, HUB_INTEGRATOR_USERNAME: "site-1.edge-1" })).toMatch(/no '\.'/);
    expect(errorOf({ ...account, HUB_INTEGRATOR_PASSWORD: "short" })).toMatch(/at least 12/);
    expect(
      errorOf({ ...account, MQTT_URL: "mqtt://broker", MQTT_USERNAME: "home-assistant", MQTT_PASSWORD: "x" }),
    ).toMatch(/not be the hub's own account/);
  });

  it("turns Home Assistant discovery on with its prefix", () => {
    expect(loadConfig({ HUB_HOME_ASSISTANT: "true" }).integrations?.homeAssistant).toEqual({
      discoveryPrefix: "homeassistant",
      stateRoot: "sitewatch/ha",
    });
    const custom = loadConfig({ HUB_HOME_ASSISTANT: "yes", HUB_HOME_ASSISTANT_PREFIX: "ha/discovery" });
    expect(custom.integrations?.homeAssistant?.discoveryPrefix).toBe("ha/discovery");
    expect(errorOf({ HUB_HOME_ASSISTANT: "true", HUB_HOME_ASSISTANT_PREFIX: "ha/#" })).toMatch(
      /HUB_HOME_ASSISTANT_PREFIX/,
    );
  });

  it("says plainly that neither works with NATS", () => {
    const nats = { NATS_URL: "nats://127.0.0.1:4222" };
    expect(errorOf({ ...nats, ...account })).toMatch(/integrator account is not supported with NATS_URL/);
    expect(errorOf({ ...nats, HUB_HOME_ASSISTANT: "true" })).toMatch(
      /Home Assistant discovery is not supported with NATS_URL/,
    );
  });
});
