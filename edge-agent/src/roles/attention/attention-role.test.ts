import { describe, expect, it } from "vitest";
import type { Face } from "../../vision/face/face-landmarker.js";
import type { RoleFrame } from "../role-module.js";
import { attentionCameraSchema } from "./attention-config.js";
import { AttentionAnalyzer, attentionRole } from "./attention-role.js";

// The analyser around the sessions, with a landmarker that returns the faces a test sets: which faces
// it follows, what the live view and the state file get, and a camera going down.
const camera = attentionCameraSchema.parse({
  id: "desk",
  name: "Desk",
  url: "rtsp://10.0.0.7/s",
  role: "attention",
  maxFaces: 2,
});
const MESH = Array.from(
  { length: 468 },
  (_, i) => [i % 20, Math.floor(i / 20), 0] as [number, number, number],
);
const faceAt = (x: number, size: number): Face => ({
  box: [x, 50, x + size, 50 + size],
  score: 0.8,
  landmarks: MESH,
  meshScore: 0.9,
});
const frame = (capturedAt: number): RoleFrame => ({
  width: 640,
  height: 480,
  data: new Uint8Array(640 * 480 * 3),
  capturedAt,
});

function analyzer(faces: () => Face[], now = () => 0) {
  const calls: RoleFrame[] = [];
  const a = new AttentionAnalyzer(camera, {
    faces: {
      detect: async (f) => {
        calls.push(f as RoleFrame);
        return faces();
      },
    },
    now,
  });
  return { a, calls };
}

describe("the attention analyser", () => {
  it("follows the largest maxFaces faces, each in a session of its own", async () => {
    const { a, calls } = analyzer(() => [faceAt(0, 40), faceAt(200, 120), faceAt(400, 90)]);
    const out = await a.analyse(frame(1_000), { live: false });
    expect(calls).toHaveLength(1);
    expect(out.events).toEqual([]);
    expect(out.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(out.overlay).toBeUndefined();
    const { attention } = a.state() as { attention: { session: string; state: string }[] };
    expect(attention.map((s) => s.state)).toEqual(["focused", "focused"]);
    expect(new Set(attention.map((s) => s.session)).size).toBe(2);
  });

  it("draws the followed faces for a live viewer, with their track numbers", async () => {
    const { a } = analyzer(() => [faceAt(0, 40), faceAt(200, 120), faceAt(400, 90)]);
    const out = await a.analyse(frame(1_000), { live: true });
    expect(out.overlay?.map((b) => [b.box[0], b.track, b.label])).toEqual([
      [200, 1, "face"],
      [400, 2, "face"],
    ]);
  });

  it("ends every session when the camera goes down, at the role's clock", async () => {
    const { a } = analyzer(
      () => [faceAt(200, 120)],
      () => 5_000,
    );
    await a.analyse(frame(1_000), { live: false });
    const down = a.cameraDown();
    expect(down).toEqual([
      {
        kind: "attentionChange",
        fields: expect.objectContaining({ from: "focused", to: "absent", at: 5_000, confidence: 0 }),
      },
    ]);
    expect(a.state()).toEqual({ attention: [] });
  });

  it("applies a new face limit on reconfigure", async () => {
    const { a } = analyzer(() => [faceAt(0, 40), faceAt(200, 120), faceAt(400, 90)]);
    expect(a.reconfigure({ ...camera, maxFaces: 1 })).toEqual([]);
    await a.analyse(frame(1_000), { live: false });
    expect((a.state() as { attention: unknown[] }).attention).toHaveLength(1);
  });

  it("is built by the role from the agent's shared face landmarker", async () => {
    const seen: number[] = [];
    const faceMesh = {
      detect: async () => {
        seen.push(1);
        return [];
      },
      close: async () => {},
    };
    const role = attentionRole.create(camera, {
      models: { faceMesh },
      scoreThreshold: 0.5,
      now: () => 0,
    });
    await role.analyse(frame(0), { live: false });
    expect(seen).toEqual([1]);
  });
});
