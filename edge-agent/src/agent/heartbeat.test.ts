import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigPush, healthSchema, uuidv7 } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateAgentConfig } from "../agent-config/agent-config-file.js";
import type { Delivery } from "../delivery/delivery.js";
import { productVersion } from "../package-version.js";
import { type Agent, createAgent } from "./create-agent.js";

// The heartbeat as the agent emits it, through a delivery that only records: which agent runs, with
// which config revision, in a message the protocol accepts.
const config = validateAgentConfig({
  hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
  device: { site: "cafe-1", id: "edge-1" },
  // Disabled, so nothing is captured or analysed: only the heartbeat is under test.
  cameras: [{ id: "front", name: "Front", url: "rtsp://admin:hunter2@10.0.0.5/s", enabled: false }],
});

type Handler = (cmd: unknown) => unknown;

function recordingDelivery() {
  const beats: Record<string, unknown>[] = [];
  const handlers = new Map<string, Handler>();
  const delivery = {
    events: {
      emit: (kind: string, _address: unknown, fields: Record<string, unknown>) => {
        if (kind === "health") beats.push(fields);
      },
    },
    commands: { on: (kind: string, handler: Handler) => handlers.set(kind, handler) },
    publisher: { connected: false, onConnect: () => {} },
    start: () => {},
    health: () => ({
      outboxDepth: 0,
      outboxDropped: 0,
      outboxUnconfirmed: 0,
      storage: { state: "ok", heldInMemory: 0, droppedEvents: 0 },
    }),
    close: async () => {},
  } as unknown as Delivery;
  return { delivery, beats, handlers };
}

let dir: string;
let agent: Agent | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-heartbeat-"));
});
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await rm(dir, { recursive: true, force: true });
});

const wire = (fields: Record<string, unknown>) =>
  healthSchema.parse({ v: 1, id: uuidv7(), seq: 1, ts: Date.now(), ...fields });

describe("the agent's heartbeat", () => {
  it("carries the agent's version, the applied config revision and a config hash", async () => {
    const { delivery, beats, handlers } = recordingDelivery();
    agent = createAgent({
      config,
      dataDir: dir,
      delivery,
      saveConfig: async () => {},
      log: () => {},
      healthEveryMs: 20,
    });
    agent.start();
    const first = wire(await eventually("a heartbeat", async () => beats[0]));
    expect(first).toMatchObject({ agentVersion: productVersion(), configRevision: 0 });
    expect(first.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(first.configHash).toMatch(/^[0-9a-f]{12}$/);

    // The hub pushes revision 4: from then on the heartbeat says so, and the config hash moves with it.
    const push = {
      v: 1,
      id: uuidv7(),
      ts: Date.now(),
      revision: 4,
      cameras: [
        {
          camera: "front",
          role: "seats",
          enabled: false,
          sampleIntervalMs: 2000,
          seats: [],
          seatRules: { heldAfterMs: 300_000, entryDebounceMs: 6000, exitDebounceMs: 30_000 },
        },
      ],
    } as unknown as ConfigPush;
    expect(await handlers.get("configPush")?.(push)).toMatchObject({ applied: true, revision: 4 });
    const seen = beats.length;
    const later = wire(await eventually("a heartbeat after the push", async () => beats[seen]));
    expect(later).toMatchObject({ agentVersion: productVersion(), configRevision: 4 });
    expect(later.configHash).not.toBe(first.configHash);
  });

  it("hashes the config without its stream passwords", async () => {
    const hashOf = async (url: string) => {
      const { delivery, beats } = recordingDelivery();
      const camera = { ...config.cameras[0], url } as (typeof config.cameras)[number];
      const one = createAgent({
        config: { ...config, cameras: [camera] },
        dataDir: dir,
        delivery,
        saveConfig: async () => {},
        log: () => {},
        healthEveryMs: 20,
      });
      one.start();
      try {
        return wire(await eventually("a heartbeat", async () => beats[0])).configHash;
      } finally {
        await one.stop();
      }
    };
    const rotated = await hashOf("rtsp://admin:other-secret@10.0.0.5/s");
    expect(rotated).toBe(await hashOf("rtsp://admin:hunter2@10.0.0.5/s"));
    expect(rotated).not.toBe(await hashOf("rtsp://admin:hunter2@10.0.0.6/s"));
  });
});
