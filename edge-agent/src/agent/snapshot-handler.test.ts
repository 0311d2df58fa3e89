import { decodeMessage, type Snapshot, type SnapshotRequest, uuidv7 } from "@sitewatch/shared-protocol";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { CapturedFrame } from "../capture/frame-source.js";
import { EventFactory } from "../delivery/event-factory.js";
import { useTempEventStore } from "../delivery/temp-event-store.test-support.js";
import { faceBlurrer } from "../privacy/index.js";
import { createSnapshotHandler, type SnapshotHandlerDeps } from "./snapshot-handler.js";

/** A noisy 1600×900 frame: noise keeps the JPEG large enough for the size limit to matter. */
function frame(width = 1600, height = 900): CapturedFrame {
  const data = new Uint8Array(width * height * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { data, width, height, time: 0, capturedAt: 1_000 };
}

const store = useTempEventStore("snapshot-test-");

const request = (camera: string, maxWidth = 1280): SnapshotRequest => ({
  v: 1,
  id: uuidv7(),
  ts: 1,
  camera,
  maxWidth,
});

function handler(overrides: Partial<SnapshotHandlerDeps> = {}) {
  const boxes: [number, number, number, number][] = [[100, 100, 300, 300]];
  let closed = false;
  const deps: SnapshotHandlerDeps = {
    site: "site-1",
    device: "edge-1",
    cameras: new Map([
      ["front", { latestFrame: frame() }],
      ["back", { latestFrame: undefined }],
    ]),
    events: new EventFactory(store.outbox, store.sequence),
    blurFaces: () => true,
    blurrer: async () =>
      faceBlurrer({
        find: async () => boxes,
        close: async () => {
          closed = true;
        },
      }),
    now: () => 4_000,
    ...overrides,
  };
  return { run: createSnapshotHandler(deps), closed: () => closed };
}

function emitted(): Snapshot[] {
  return store.outbox.peek(10).map((r) => {
    const decoded = decodeMessage(r.topic, r.payload);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.kind).toBe("snapshot");
    expect(r.topic).toMatch(/^sitewatch\/v1\/site-1\/edge-1\/cam\/\w+\/snapshot$/);
    return decoded.message as Snapshot;
  });
}

describe("snapshot handler", () => {
  it("emits a decodable, downsized JPEG answering the command, faces blurred", async () => {
    const req = request("front");
    const result = await handler().run(req);
    const [snap] = emitted();
    expect(snap).toMatchObject({ command: req.id, width: 1280, height: 720, facesBlurred: true });
    const jpeg = Buffer.from(snap?.jpeg ?? "", "base64");
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1280, 720]);
    expect(result).toMatchObject({
      snapshot: snap?.id,
      width: 1280,
      height: 720,
      faces: 1,
      frameAgeMs: 3_000,
    });
    expect(result.bytes).toBe(jpeg.length);
  });

  it("keeps a small frame's size and skips blurring when privacy is off", async () => {
    let loaded = false;
    const { run } = handler({
      cameras: new Map([["front", { latestFrame: frame(320, 240) }]]),
      blurFaces: () => false,
      blurrer: async () => {
        loaded = true;
        throw new Error("unused");
      },
    });
    const result = await run(request("front"));
    expect(result).toMatchObject({ width: 320, height: 240, facesBlurred: false, faces: 0 });
    expect(emitted()[0]).toMatchObject({ facesBlurred: false });
    expect(loaded).toBe(false);
  });

  it("shrinks until the JPEG fits the message limit", async () => {
    const { run } = handler({ maxBase64: 200_000 });
    const result = await run(request("front", 1600));
    const [snap] = emitted();
    expect(snap?.jpeg.length).toBeLessThanOrEqual(200_000);
    expect(result.width).toBeLessThan(1600);
    expect(Math.abs((result.height as number) / (result.width as number) - 900 / 1600)).toBeLessThan(0.01);
  });

  it("fails clearly and sends nothing for an unknown camera, a missing frame or a broken blurrer", async () => {
    await expect(handler().run(request("side"))).rejects.toThrow(
      /no running camera side \(running: front, back\)/,
    );
    await expect(handler().run(request("back"))).rejects.toThrow(/camera back has no picture yet/);
    const broken = handler({ blurrer: () => Promise.reject(new Error("model missing")) });
    await expect(broken.run(request("front"))).rejects.toThrow(/faces cannot be blurred.*model missing/);
    expect(store.outbox.stats().depth).toBe(0);
  });
});
