import "../../polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import { eventually } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, createAgent } from "../../agent/create-agent.js";
import { validateAgentConfig } from "../../agent-config/agent-config-file.js";
import { readAgentState } from "../../agent-config/agent-state.js";
import { enrollWithHub } from "../../agent-config/hub-client.js";
import { openDelivery } from "../../delivery/delivery.js";
import { hasMedia, media } from "../../media.test-support.js";
import { modelPath } from "../../models/model-cache.js";
import { modelsFor } from "../role-table.js";
import { closeSharedModels, loadSharedModels, type SharedModels } from "../shared-models.js";

// The attention role end to end: a clip of a face that leaves the picture (face for ~2.7 s, then ~3.6 s
// of an empty room, looping) stands in for a study-room camera; the real face landmarker, a real agent,
// the real hub with its broker and database. The face's session must end as `absent` once the face
// has been gone for the camera's absent window, and the hub must hold that change in its session; the
// face coming back on the next loop is a new, unrelated session.
const DEVICE = "edge-study";
const CLIP = "faces/face_noface_h264.mp4";
/** The clip's longest stretch with a face (frames 0-71 at ~26 fps) and without one (73-168). */
const FACE_MS = 2_800;
const ABSENT_MS = 1_500;

function modelsBuilt(): boolean {
  try {
    return Boolean(modelPath("blazeface") && modelPath("facemesh"));
  } catch {
    return false;
  }
}
const unavailable = !hasMedia ? "no test media" : !modelsBuilt() ? "face models not built" : undefined;
if (unavailable) console.warn(`attention agent test skipped: ${unavailable}`);

interface SessionView {
  id: string;
  camera: string;
  state: string;
  stateMs: Record<string, number>;
}
interface EventView {
  kind: string;
  fromState: string | null;
  toState: string;
  at: string;
  durationMs: number;
  confidence: number | null;
  metrics: unknown;
}

let hub: TestHub;
let agent: Agent | undefined;
let models: Partial<SharedModels> = {};
let dir: string;

beforeAll(async () => {
  if (unavailable) return;
  hub = await startTestHub({ site: "study" });
  dir = await mkdtemp(join(tmpdir(), "attention-agent-"));
}, 60_000);

afterAll(async () => {
  // The agent closes the models it was given.
  await (agent ? agent.stop() : closeSharedModels(models));
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function sessions(): Promise<SessionView[]> {
  const out = (await hub.api("/api/v1/sites/study/attention-sessions?camera=desk")) as {
    sessions: SessionView[];
  };
  return out.sessions;
}

async function eventsOf(session: string): Promise<EventView[]> {
  return ((await hub.api(`/api/v1/sites/study/attention-sessions/${session}`)) as { events: EventView[] })
    .events;
}

describe.skipIf(unavailable !== undefined)("an attention camera on a real clip, through the hub", () => {
  it("ends the face's session as absent after the absent window; the hub stores it; a new face is a new session", {
    timeout: 120_000,
  }, async () => {
    const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: DEVICE });
    const dataDir = join(dir, "data");
    const config = validateAgentConfig({
      hub: { url: hub.url, mqttUrl: hub.mqttUrl },
      device: { site: "study", id: DEVICE },
      dataDir,
      detector: { threads: 2 },
      cameras: [
        {
          id: "desk",
          name: "Desk",
          url: media(CLIP),
          role: "attention",
          intervalMs: 150,
          thresholds: { absentMs: ABSENT_MS },
        },
      ],
    });
    expect(modelsFor(config.cameras)).toEqual(["faceMesh"]);
    models = await loadSharedModels(modelsFor(config.cameras), config);
    agent = createAgent({
      config,
      dataDir,
      delivery: openDelivery({
        dataDir,
        site: "study",
        device: DEVICE,
        mqtt: { url: hub.mqttUrl, username: enrolled.mqtt.username, password: enrolled.mqtt.password },
      }),
      ...models,
      saveConfig: async () => undefined,
      log: () => {},
      healthEveryMs: 1_000,
      realtimeFiles: true,
    });
    agent.start();
    expect([...agent.cameras.keys()]).toEqual(["desk"]);

    // While the face is in view the agent's state file shows its session, by number only.
    const live = await eventually("a live session in the agent's state file", async () => {
      const state = (await readAgentState(dataDir)) as { attention?: Record<string, { session: string }[]> };
      return state?.attention?.desk?.[0];
    });
    expect(live.session).toMatch(/^desk-[0-9a-z]+-\d+$/);

    const ended = await eventually(
      "a session ended as absent, stored at the hub",
      async () => (await sessions()).find((s) => s.state === "absent"),
      60_000,
    );
    const events = await eventsOf(ended.id);
    const absent = events.filter((e) => e.kind === "change" && e.toState === "absent");
    expect(absent).toHaveLength(1);
    const [change] = absent;
    // No face, no measurements; the state before lasted at most the face's time plus the window.
    expect(change?.metrics).toBeNull();
    expect(["focused", "drowsy", "yawning", "distracted"]).toContain(change?.fromState);
    console.log(
      `[attention-agent] session ${ended.id}: ${events.map((e) => `${e.kind} ${e.fromState ?? ""}→${e.toState} after ${e.durationMs} ms`).join(", ")}`,
    );
    expect(change?.durationMs).toBeGreaterThanOrEqual(ABSENT_MS);
    expect(change?.durationMs).toBeLessThanOrEqual(FACE_MS + ABSENT_MS + 1_000);
    expect(ended.stateMs.absent ?? 0).toBe(0);

    // The clip loops: the face comes back as a session of its own, which ends the same way.
    const next = await eventually(
      "a second session ended as absent",
      async () => (await sessions()).find((s) => s.state === "absent" && s.id !== ended.id),
      60_000,
    );
    expect(next.id).not.toBe(ended.id);
    const nextAbsent = (await eventsOf(next.id)).filter((e) => e.toState === "absent");
    expect(nextAbsent.map((e) => e.kind)).toContain("change");
    expect(Date.parse(nextAbsent[0]?.at ?? "")).toBeGreaterThan(Date.parse(change?.at ?? ""));
  });
});
