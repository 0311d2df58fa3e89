import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasMedia } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../../testing/test-hub.js";
import { FrameClient, faceJpegs, newLearner, startFrameSession } from "./frame-client.test-support.js";

async function learnerClient(hub: TestHub) {
  const { token } = await newLearner(hub);
  const id = await startFrameSession(hub.url, token, hub.site);
  return { id, client: await FrameClient.connect(hub.url, token) };
}

async function metric(hub: TestHub, line: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe.skipIf(!hasMedia)("a client flooding the frame socket", () => {
  let hub: TestHub;
  let jpegs: Buffer[];

  beforeAll(async () => {
    jpegs = faceJpegs();
    // One worker, the default queue of 4 frames per session.
    hub = await startTestHub({ env: { ATTENTION_FRAME_WORKERS: "1" } });
    const { client, id } = await learnerClient(hub);
    client.send(id, 0, jpegs[0] as Buffer);
    await client.until(() => client.of("result").length === 1, 60_000);
    await client.close();
  });
  afterAll(() => hub?.close());

  it("loses its own oldest frames, is told which, and slows neither other learners nor the hub", async () => {
    const flood = await learnerClient(hub);
    const calm = await learnerClient(hub);
    const T0 = Date.now();
    const FLOOD = 300;
    for (let seq = 0; seq < FLOOD; seq++)
      flood.client.send(flood.id, seq, jpegs[seq % jpegs.length] as Buffer, T0 + seq * 10);

    // Meanwhile a learner at a webcam's pace, and REST requests, must be served as usual.
    const rest: number[] = [];
    for (let seq = 0; seq < 10; seq++) {
      calm.client.send(calm.id, seq, jpegs[seq] as Buffer, T0 + seq * 200);
      const started = performance.now();
      const res = await fetch(`${hub.url}/healthz`);
      expect(res.status).toBe(200);
      rest.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 200));
    }
    await calm.client.until(() => calm.client.of("result").length === 10);
    expect(calm.client.of("result").map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calm.client.of("dropped")).toEqual([]);
    expect(Math.max(...rest)).toBeLessThan(1_000);

    // Every flooded frame is accounted for exactly once: answered, dropped as the oldest, or refused
    // by the focus session (which bounds samples per second).
    const { client } = flood;
    const accounted = () => [
      ...client.of("result").map((r) => r.seq),
      ...client.of("dropped").flatMap((d) => d.seqs),
      ...client.of("error").map((e) => e.seq ?? -1),
    ];
    await client.until(() => accounted().length >= FLOOD, 60_000);
    expect([...accounted()].sort((a, b) => a - b)).toEqual(Array.from({ length: FLOOD }, (_, i) => i));
    const answered = client.of("result").map((r) => r.seq);
    expect(answered).toEqual([...answered].sort((a, b) => a - b));
    const dropped = client.of("dropped");
    expect(dropped.every((d) => d.reason === "queue_full")).toBe(true);
    const droppedSeqs = dropped.flatMap((d) => d.seqs);
    expect(droppedSeqs.length).toBeGreaterThan(FLOOD / 2);
    expect(await metric(hub, 'sitewatch_attention_frames_dropped_total{reason="queue_full"}')).toBe(
      droppedSeqs.length,
    );
    expect(await metric(hub, "sitewatch_attention_frame_queue_depth")).toBe(0);
    await Promise.all([client.close(), calm.client.close()]);
  });
});

describe("a hub without the face models", () => {
  let hub: TestHub;
  const empty = mkdtempSync(join(tmpdir(), "no-models-"));

  beforeAll(async () => {
    hub = await startTestHub({ env: { ATTENTION_MODEL_DIR: empty } });
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it("starts, and tells frame clients MODEL_UNAVAILABLE", async () => {
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const client = await FrameClient.connect(hub.url, hub.token);
    await client.until(() => client.closed !== undefined);
    expect(client.of("error")).toMatchObject([{ code: "MODEL_UNAVAILABLE" }]);
    expect(client.of("error")[0]?.message).toContain("blazeface.onnx");
    expect(client.closed?.code).toBe(1011);
  });
});
