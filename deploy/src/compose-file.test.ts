import { describe, expect, it } from "vitest";
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
    // The broker's health check logs in with the hub's account, under the hub's variable names.
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
});
