import { hubFilters, topics } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import {
  devicePermissions,
  deviceToHubSubjects,
  filterToSubject,
  hubExportSubjects,
  SubjectMappingError,
  subjectToTopic,
  topicToSubject,
} from "./nats-subjects.js";

describe("MQTT topic ↔ NATS subject mapping", () => {
  it("round-trips protocol topics with '-' and '_' in ids", () => {
    const topic = topics.seatChange({ site: "gang-nam_1", device: "edge_01-b", camera: "cam-2" });
    const subject = topicToSubject(topic);
    expect(subject).toBe("sitewatch.v1.gang-nam_1.edge_01-b.cam.cam-2.seats.change");
    expect(subjectToTopic(subject)).toBe(topic);
  });

  it("refuses topics NATS cannot carry one-to-one", () => {
    for (const bad of ["a/b.c", "a b", "a//b", "", "a/+", "a/#", "a/>"]) {
      expect(() => topicToSubject(bad), bad).toThrow(SubjectMappingError);
    }
  });

  it("maps MQTT wildcards", () => {
    expect(filterToSubject("sitewatch/v1/+/+/cam/+/#")).toBe("sitewatch.v1.*.*.cam.*.>");
  });

  it("splits device-to-hub kinds into durable (QoS 1) and live (QoS 0) subjects, never commands", () => {
    const { durable, live } = deviceToHubSubjects();
    expect([...durable, ...live].sort()).toEqual(hubFilters().map(filterToSubject).sort());
    expect(live.sort()).toEqual([
      "sitewatch.v1.*.*.cam.*.gate.activity",
      "sitewatch.v1.*.*.cam.*.live.frame",
      "sitewatch.v1.*.*.health",
    ]);
    expect(durable.some((s) => s.includes(".cmd."))).toBe(false);
  });

  it("confines a device to its own subjects", () => {
    const { publish, subscribe } = devicePermissions("s1", "d1");
    expect(publish.every((s) => s.startsWith("sitewatch.v1.s1.d1.") && !s.includes(".cmd."))).toBe(true);
    expect(subscribe).toEqual(["sitewatch.v1.s1.d1.cmd.*", "sitewatch.v1.s1.d1.settled"]);
    expect(publish.some((s) => s.endsWith(".settled"))).toBe(false);
  });

  it("exports every device's commands and confirmations from the hub account, each within a device import", () => {
    expect(hubExportSubjects()).toEqual(["sitewatch.v1.*.*.cmd.>", "sitewatch.v1.*.*.settled"]);
  });
});

describe("nats config", () => {
  it("selects the JetStream transport from NATS_URL", () => {
    const config = loadConfig({ NATS_URL: "nats://a:4222, nats://b:4222", NATS_REPLICAS: "3" });
    expect(config.mqtt).toMatchObject({
      kind: "nats",
      servers: ["nats://a:4222", "nats://b:4222"],
      stream: "SITEWATCH",
      consumer: "sitewatch-hub",
      replicas: 3,
    });
  });

  it("refuses NATS_URL together with MQTT_URL, and non-NATS URLs", () => {
    expect(() => loadConfig({ NATS_URL: "nats://a:4222", MQTT_URL: "mqtt://b" })).toThrow(/NATS_URL/);
    expect(() => loadConfig({ NATS_URL: "http://a" })).toThrow(/NATS_URL/);
  });
});
