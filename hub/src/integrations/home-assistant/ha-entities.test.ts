import { describe, expect, it } from "vitest";
import { HOME_ASSISTANT_STATE_ROOT } from "../../config-integrations.js";
import { haSchemaOf, parseDiscoveryTopic } from "./ha-discovery-schema.test-support.js";
import { discoveryConfigs } from "./ha-entities.js";
import type { HaDevice, HaInventory } from "./ha-inventory.js";
import { seatPayload } from "./ha-states.js";
import { HaTopics, objectId } from "./ha-topics.js";

const settings = { discoveryPrefix: "homeassistant", stateRoot: HOME_ASSISTANT_STATE_ROOT };
const ctx = { topics: new HaTopics(settings), version: "1.2.3" };
const device = (id: string): HaDevice => ({
  site: "cafe-1",
  siteName: "Study Cafe",
  id,
  name: `Edge ${id}`,
  agentVersion: null,
  online: true,
});
const inventory: HaInventory = {
  devices: [device("edge-1"), device("edge_2")],
  cameras: [
    {
      site: "cafe-1",
      device: "edge-1",
      id: "front",
      name: "Front",
      role: "seats",
      state: "streaming",
      reason: null,
    },
    {
      site: "cafe-1",
      device: "edge_2",
      id: "gate",
      name: "Gate",
      role: "gate",
      state: "failed",
      reason: "EOF",
    },
  ],
  seats: [
    { site: "cafe-1", id: "1A", device: "edge-1", camera: "front", kind: "desk", state: "held", since: 5 },
    {
      site: "cafe-1",
      id: "1B",
      device: "edge-1",
      camera: "front",
      kind: "desk",
      state: "unknown",
      since: null,
    },
  ],
};

describe("Home Assistant discovery configs", () => {
  const configs = discoveryConfigs(ctx, inventory);

  it("validate against Home Assistant's documented schema, one per entity, at discovery topics", () => {
    for (const { topic, config } of configs) {
      const parsed = parseDiscoveryTopic("homeassistant", topic);
      expect(parsed, topic).not.toBeNull();
      const schema = haSchemaOf(parsed?.component ?? "");
      expect(schema?.safeParse(config).error?.issues ?? [], topic).toEqual([]);
      expect(parsed?.objectId).toBe(config.object_id);
    }
    // Per device: connectivity; per camera: its state, and the gate's last container; per seat: two.
    expect(configs).toHaveLength(2 + 2 + 1 + 2 * 2);
    expect(new Set(configs.map((c) => c.config.unique_id)).size).toBe(configs.length);
  });

  it("makes the seat an occupancy binary sensor and an enum sensor of its four states", () => {
    const seat = configs.filter((c) => c.stateTopic === "sitewatch/ha/cafe-1/seat/1A");
    expect(seat.map((c) => c.config.device_class).sort()).toEqual(["enum", "occupancy"]);
    const state = seat.find((c) => c.config.device_class === "enum");
    expect(state?.config.options).toEqual(["empty", "occupied", "held", "unknown"]);
    expect(seat[0]?.config.device).toMatchObject({
      identifiers: ["sitewatch_cafe-1_edge-1"],
      manufacturer: "Sitewatch",
      sw_version: "1.2.3",
      suggested_area: "Study Cafe",
    });
    expect(seat[0]?.config.availability).toEqual([
      { topic: "sitewatch/ha/status", payload_available: "online", payload_not_available: "offline" },
      {
        topic: "sitewatch/ha/cafe-1/device/edge-1/availability",
        payload_available: "online",
        payload_not_available: "offline",
      },
    ]);
  });

  it("states occupancy ON for occupied and held seats, OFF for empty and unknown (None) otherwise", () => {
    const of = (state: "empty" | "occupied" | "held" | "unknown") =>
      JSON.parse(seatPayload({ state, since: 0, device: "d", camera: "c" })).occupancy;
    expect([of("occupied"), of("held"), of("empty"), of("unknown")]).toEqual(["ON", "ON", "OFF", null]);
  });

  it("keeps object ids apart even when ids contain the separator", () => {
    expect(objectId("camera_state", ["a_b", "c", "d"])).not.toBe(objectId("camera_state", ["a", "b_c", "d"]));
    expect(objectId("seat_state", ["site", "x"])).not.toBe(objectId("seat_occupancy", ["site", "x"]));
  });
});
