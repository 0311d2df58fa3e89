import { topics } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { HOME_ASSISTANT_STATE_ROOT } from "../config-integrations.js";
import { filterCovers, integratorReadFilters, isCovered } from "./integrator-acl.js";

const device = { site: "site-1", device: "edge-a" };
const camera = { ...device, camera: "cam-1" };
const homeAssistant = { discoveryPrefix: "homeassistant", stateRoot: HOME_ASSISTANT_STATE_ROOT };

describe("integrator ACL", () => {
  const allowed = integratorReadFilters(homeAssistant);

  it("covers the device-to-hub state and event topics of every device", () => {
    for (const topic of [
      topics.seatChange(camera),
      topics.seatSnapshot(camera),
      topics.availability(device),
      topics.health(device),
      topics.cameraStatus(camera),
      topics.gateEntry(camera),
      topics.attentionChange(camera),
    ]) {
      expect(isCovered(allowed, topic), topic).toBe(true);
    }
    expect(isCovered(allowed, "sitewatch/v1/+/+/cam/+/seats/change")).toBe(true);
    expect(isCovered(allowed, "sitewatch/v1/site-1/+/availability")).toBe(true);
  });

  it("never covers commands, confirmations, pictures or filters wider than a state topic", () => {
    for (const topic of [
      topics.configPush(device),
      topics.snapshotRequest(device),
      topics.settled(device),
      topics.snapshot(camera),
      topics.liveFrame(camera),
      topics.gateCrop(camera),
      "sitewatch/v1/site-1/edge-a/cmd/+",
      "sitewatch/#",
      "#",
      "sitewatch/v1/+/+/+",
      "sitewatch/v1/+/+/cam/+/seats/#",
      "sitewatch/v1/+/+/cam/+/+",
      "$share/g/sitewatch/v1/+/+/availability",
      "$SYS/#",
    ]) {
      expect(isCovered(allowed, topic), topic).toBe(false);
    }
  });

  it("adds Home Assistant's discovery and the hub's state topics only when that integration is on", () => {
    expect(isCovered(allowed, "homeassistant/sensor/sitewatch/x/config")).toBe(true);
    expect(isCovered(allowed, "homeassistant/#")).toBe(true);
    expect(isCovered(allowed, "sitewatch/ha/site-1/seat/1A")).toBe(true);
    const plain = integratorReadFilters();
    expect(isCovered(plain, "homeassistant/#")).toBe(false);
    expect(isCovered(plain, "sitewatch/ha/#")).toBe(false);
  });

  it("matches level by level: '+' covers one level, '#' the rest, a literal only itself", () => {
    expect(filterCovers("a/+/c", "a/b/c")).toBe(true);
    expect(filterCovers("a/+/c", "a/+/c")).toBe(true);
    expect(filterCovers("a/+/c", "a/#")).toBe(false);
    expect(filterCovers("a/+/c", "a/b/c/d")).toBe(false);
    expect(filterCovers("a/+/c", "a/b")).toBe(false);
    expect(filterCovers("a/#", "a")).toBe(true);
    expect(filterCovers("a/#", "a/b/+/#")).toBe(true);
    expect(filterCovers("a/b", "a/+")).toBe(false);
  });
});
