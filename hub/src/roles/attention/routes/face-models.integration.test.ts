import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../../testing/test-hub.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.close());

describe("face models on a running hub", () => {
  it("serves the models the frame socket runs, without a login, and nothing else of the cache", async () => {
    const res = await fetch(`${hub.url}/models/facemesh.onnx`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // An ONNX ModelProto starts with field 1 (ir_version, varint) and the mesh is megabytes.
    expect(bytes[0]).toBe(0x08);
    expect(bytes.length).toBeGreaterThan(1_000_000);
    expect((await fetch(`${hub.url}/models/centernet.onnx`)).status).toBe(404);
  });
});
