import { describe, expect, it } from "vitest";
import { composeBrokerAccounts } from "./compose-broker-accounts.js";
import { envFileKeys, interpolatedNames, readDeploy, unknownHubKeys, yamlDocuments } from "./deploy-files.js";

interface ComposeService {
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string }>;
  profiles?: string[];
}
const [compose] = yamlDocuments("compose/docker-compose.yml") as [
  { services: Record<string, ComposeService> },
];
const services = compose.services;
const hubServices = ["hub", "hub-2", "broker-config"];

describe("deploy/compose/docker-compose.yml", () => {
  it("runs the hub on PostgreSQL 16 and Mosquitto 2", () => {
    expect(services.postgres?.image).toBe("postgres:16");
    expect(services.mosquitto?.image).toBe("eclipse-mosquitto:2");
    expect(services.hub?.environment?.MQTT_URL).toBe("mqtt://mosquitto:1883");
    expect(services.hub?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
  });

  it("gives the hub only variables its config schema knows", () => {
    for (const name of hubServices) {
      const env = services[name]?.environment;
      expect(env, name).toBeDefined();
      expect(unknownHubKeys(Object.keys(env ?? {})), name).toEqual([]);
    }
    // The broker's health check has its own account, under the hub's variable names.
    expect(unknownHubKeys(Object.keys(services.mosquitto?.environment ?? {}))).toEqual([]);
  });

  it("health-checks the three long-running services and starts the hub after both dependencies", () => {
    for (const name of ["postgres", "mosquitto", "hub", "hub-2"]) {
      expect(services[name]?.healthcheck?.test, name).toBeDefined();
      expect(services[name]?.healthcheck?.disable, name).toBeUndefined();
    }
    for (const name of ["hub", "hub-2"]) {
      expect(services[name]?.depends_on).toEqual({
        postgres: { condition: "service_healthy" },
        mosquitto: { condition: "service_healthy" },
      });
    }
  });

  it("keeps the second instance and the broker-config job out of a plain `up`", () => {
    expect(services["hub-2"]?.profiles).toEqual(["scale"]);
    expect(services["broker-config"]?.profiles).toEqual(["setup"]);
    expect(services["hub-2"]?.environment?.HUB_INSTANCE_ID).not.toBe(
      services.hub?.environment?.HUB_INSTANCE_ID,
    );
  });
});

describe("broker accounts in deploy/compose/docker-compose.yml", () => {
  // mosquitto.conf makes the username the client id: two clients on one account disconnect each other.
  const accounts = composeBrokerAccounts();

  it("gives every hub instance and the broker's health check an account of its own", () => {
    expect(Object.keys(accounts.hubs).sort()).toEqual(["hub", "hub-2"]);
    const names = [...Object.values(accounts.hubs), accounts.healthCheck];
    // Literal names: one interpolated variable could give several instances the same account.
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has broker-config write exactly those accounts (--hub-user), with the shared MQTT_PASSWORD", () => {
    expect(accounts.brokerConfigCommand).toMatch(/broker-config --out \/mosquitto\/config\/sitewatch /);
    const expected = [...Object.values(accounts.hubs), accounts.healthCheck];
    expect([...accounts.hubUserList].sort()).toEqual([...expected].sort());
    // The hub reads MQTT_PASSWORD only with a username; --hub-user overrides the name, not a new account.
    expect(accounts.hubUserList).toContain(accounts.brokerConfigEnv.MQTT_USERNAME);
    for (const name of [...hubServices, "mosquitto"]) {
      expect(services[name]?.environment?.MQTT_PASSWORD, name).toMatch(/^\$\{MQTT_PASSWORD:\?/);
    }
  });
});

describe("deploy/compose/.env.example", () => {
  const keys = envFileKeys("compose/.env.example");

  it("defines every variable the compose file interpolates", () => {
    const used = new Set(interpolatedNames(readDeploy("compose/docker-compose.yml")));
    expect([...used].filter((name) => !keys.includes(name))).toEqual([]);
  });

  it("holds hub settings, plus POSTGRES_* for the database service", () => {
    expect(unknownHubKeys(keys.filter((k) => !k.startsWith("POSTGRES_")))).toEqual([]);
    expect(keys).toContain("POSTGRES_PASSWORD");
  });

  it("sets the hubs' broker password but no username, since each instance has its own", () => {
    expect(keys).toContain("MQTT_PASSWORD");
    expect(keys).not.toContain("MQTT_USERNAME");
  });
});
