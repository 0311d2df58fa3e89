import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOME_ASSISTANT_STATE_ROOT } from "../../config-integrations.js";
import { createHubEventBus } from "../../events/domain-events.js";
import { createLogger } from "../../observability/logger.js";
import type { HaInventory, HaInventorySource } from "./ha-inventory.js";
import { HomeAssistantPublisher } from "./home-assistant-publisher.js";

const logger = createLogger("silent");
const settings = { discoveryPrefix: "homeassistant", stateRoot: HOME_ASSISTANT_STATE_ROOT };
const device = { site: "s", siteName: "S", id: "d", name: "D", agentVersion: "0.1.0", online: true };
const seat = (id: string) => ({
  site: "s",
  id,
  device: "d",
  camera: "c",
  kind: "desk",
  state: "empty" as const,
  since: 0,
});

function harness(stateFile: string, inventory: HaInventory) {
  const sent: Array<{ topic: string; payload: string }> = [];
  const source: HaInventorySource = { load: async () => inventory, lastGateEntry: async () => null };
  const transport = {
    kind: "embedded" as const,
    publish: async (topic: string, payload: string | Buffer) => {
      sent.push({ topic, payload: String(payload) });
    },
  };
  const events = createHubEventBus({ logger });
  const publisher = new HomeAssistantPublisher({
    settings,
    transport,
    events,
    inventory: source,
    logger,
    version: "1.0.0",
    stateFile,
    debounceMs: 5,
  });
  return { sent, events, publisher };
}

const config = (id: string) => `homeassistant/sensor/sitewatch/seat_state_s_${id}/config`;

describe("HomeAssistantPublisher", () => {
  it("clears at start a config whose seat was removed while the hub was down", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ha-state-")), "home-assistant.json");
    const first = harness(file, { devices: [device], cameras: [], seats: [seat("1A"), seat("1B")] });
    await first.publisher.start();
    await first.publisher.stop();
    expect(first.sent.map((m) => m.topic)).toContain(config("1B"));

    const second = harness(file, { devices: [device], cameras: [], seats: [seat("1A")] });
    await second.publisher.start();
    await second.publisher.stop();
    const cleared = second.sent.filter((m) => m.payload === "").map((m) => m.topic);
    expect(cleared).toEqual(
      expect.arrayContaining([
        config("1B"),
        "homeassistant/binary_sensor/sitewatch/seat_occupancy_s_1B/config",
      ]),
    );
    expect(cleared).toContain("sitewatch/ha/s/seat/1B");
    expect(cleared).not.toContain(config("1A"));
  });

  it("sends a state only when it changed, and re-reads the inventory for a seat it does not know", async () => {
    const inventory: HaInventory = { devices: [device], cameras: [], seats: [seat("1A")] };
    const { sent, events, publisher } = harness(
      join(mkdtempSync(join(tmpdir(), "ha-")), "s.json"),
      inventory,
    );
    await publisher.start();
    const change = (id: string, to: "occupied" | "empty") =>
      events.emit("seatChange", {
        site: "s",
        device: "d",
        camera: "c",
        data: { seat: id, to, at: 1 } as never,
      });
    change("1A", "occupied");
    change("1A", "occupied");
    const states = () =>
      sent.filter((m) => m.topic === "sitewatch/ha/s/seat/1A").map((m) => JSON.parse(m.payload).state);
    await publisher.resync();
    expect(states()).toEqual(["empty", "occupied"]);
    inventory.seats.push(seat("1C"));
    change("1C", "occupied");
    // No resync() here: the unknown seat alone makes the publisher re-read the inventory.
    for (let i = 0; i < 100 && !sent.some((m) => m.topic === config("1C")); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent.some((m) => m.topic === config("1C"))).toBe(true);
    await publisher.stop();
    expect(sent.at(-1)).toEqual({ topic: "sitewatch/ha/status", payload: "offline" });
  });
});
