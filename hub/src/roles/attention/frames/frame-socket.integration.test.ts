import { hasMedia } from "@sitewatch/testkit";
import { io as connectClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startTestHub, type TestHub } from "../../../testing/test-hub.js";
import { FrameClient, faceJpegs, newLearner, startFrameSession } from "./frame-client.test-support.js";
import { FRAME_PATH } from "./frame-socket.js";

// One worker (two cores are shared with the other test files), small frames, and a queue deeper than
// any burst sent here: queue overflow is the flood test's subject.
const ENV = { ATTENTION_FRAME_WORKERS: "1", ATTENTION_FRAME_MAX_KIB: "64", ATTENTION_FRAME_QUEUE: "10" };

async function metric(hub: TestHub, line: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once("open", () => {
      ws.close();
      reject(new Error("the upgrade was accepted"));
    });
    ws.once("error", () => {});
  });
}

describe.skipIf(!hasMedia)("the attention frame socket", () => {
  let hub: TestHub;
  let jpegs: Buffer[];

  beforeAll(async () => {
    jpegs = faceJpegs();
    hub = await startTestHub({ env: ENV });
    // The workers start with the first connection; wait for them, so no test races their start.
    const { client, id } = await learnerClient();
    client.send(id, 0, jpegs[0] as Buffer);
    await client.until(() => client.of("result").length === 1, 60_000);
    await client.close();
  });
  afterAll(() => hub?.close());

  /** A fresh learner (each may hold only a few sessions), a session of theirs and a connection. */
  async function learnerClient() {
    const { token, userId } = await newLearner(hub);
    const id = await startFrameSession(hub.url, token, hub.site);
    return { token, userId, id, client: await FrameClient.connect(hub.url, token) };
  }
  // Capture times follow seq, as a camera's would, whatever order the frames travel in.
  const T0 = Date.now();
  const at = (seq: number) => T0 + seq * 200;

  it("refuses an upgrade without valid credentials with 401, as REST does", async () => {
    const url = `${hub.url.replace("http", "ws")}${FRAME_PATH}`;
    expect(await upgradeStatus(url)).toBe(401);
    expect(await upgradeStatus(`${url}?access_token=not-a-token`)).toBe(401);
    expect(await upgradeStatus(url, { authorization: "Bearer nope" })).toBe(401);
    expect(
      await metric(hub, 'sitewatch_attention_frame_connections_refused_total{reason="UNAUTHENTICATED"}'),
    ).toBe(3);
    const viaQuery = await FrameClient.connect(hub.url, hub.token, "query");
    expect(await metric(hub, "sitewatch_attention_frame_connections")).toBe(1);
    await viaQuery.close();
  });

  it("answers frames that arrive out of order in seq order, with the face measured", async () => {
    const { client, id } = await learnerClient();
    for (const seq of [0, 2, 1, 4, 3, 6, 5]) client.send(id, seq, jpegs[seq] as Buffer, at(seq));
    await client.until(() => client.of("result").length === 7);
    const results = client.of("result");
    expect(results.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const r of results) {
      expect(r.session).toBe(id);
      expect(r.face?.ear).toBeGreaterThan(0.15);
      expect(r.inferenceMs).toBeGreaterThan(0);
      expect(r.latencyMs).toBeGreaterThanOrEqual(r.inferenceMs);
    }
    expect(client.of("dropped")).toEqual([]);
    await client.close();
  });

  it("drops each repeated frame exactly once and counts it", async () => {
    const before = await metric(hub, 'sitewatch_attention_frames_dropped_total{reason="duplicate"}');
    const { client, id } = await learnerClient();
    for (const seq of [0, 1, 1, 2, 0, 2, 2, 3]) client.send(id, seq, jpegs[seq] as Buffer, at(seq));
    await client.until(() => client.of("result").length === 4);
    await client.until(() => client.of("dropped").flatMap((d) => d.seqs).length === 4);
    expect(client.of("result").map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    const dropped = client.of("dropped");
    expect(dropped.every((d) => d.reason === "duplicate")).toBe(true);
    expect(dropped.flatMap((d) => d.seqs)).toEqual([1, 0, 2, 2]);
    expect(await metric(hub, 'sitewatch_attention_frames_dropped_total{reason="duplicate"}')).toBe(
      before + 4,
    );
    await client.close();
  });

  it("rejects malformed frames with an error code, counts them and keeps the connection", async () => {
    const { client, id } = await learnerClient();
    const good = (seq: number) => {
      client.send(id, seq, jpegs[seq] as Buffer, at(seq));
    };
    client.sendRaw(Buffer.from("SWF2 not a frame at all"));
    client.sendRaw("a text message");
    client.sendRaw(Buffer.from([0x53, 0x57, 0x46, 0x31, 9, 0x61]));
    client.send(id, 0, Buffer.from("\x89PNG\r\n\x1a\n0000"), at(0));
    // A JPEG start with nothing decodable behind it: only the worker can tell.
    client.send(id, 0, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]), at(0));
    good(1);
    await client.until(() => client.of("result").length === 1 && client.of("error").length === 5);
    const errors = client.of("error").map((e) => [e.code, e.reason ?? null]);
    expect(errors).toEqual([
      ["MALFORMED_FRAME", "BAD_MAGIC"],
      ["MALFORMED_FRAME", "BAD_MAGIC"],
      ["MALFORMED_FRAME", "TRUNCATED"],
      ["MALFORMED_FRAME", "NOT_JPEG"],
      ["INVALID_IMAGE", null],
    ]);
    expect(client.of("result")[0]?.seq).toBe(1);
    expect(await metric(hub, 'sitewatch_attention_frames_malformed_total{code="BAD_MAGIC"}')).toBe(2);
    expect(await metric(hub, 'sitewatch_attention_frames_malformed_total{code="NOT_JPEG"}')).toBe(1);
    expect(await metric(hub, 'sitewatch_attention_frames_dropped_total{reason="failed"}')).toBe(1);
    expect(client.closed).toBeUndefined();
    await client.close();
  });

  it("answers an oversized frame TOO_LARGE, and cuts off one past the socket's limit", async () => {
    const { client, id } = await learnerClient();
    const padded = (kib: number) => Buffer.concat([jpegs[0] as Buffer, Buffer.alloc(kib * 1024)]);
    client.send(id, 0, padded(80));
    await client.until(() => client.of("error").length === 1);
    expect(client.of("error")[0]).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "TOO_LARGE" });
    client.send(id, 1, padded(200));
    await client.until(() => client.closed !== undefined);
    expect(client.closed?.code).toBe(1009);
    expect(await metric(hub, 'sitewatch_attention_frames_malformed_total{code="TOO_LARGE"}')).toBe(2);
  });

  it("cuts off a learner whose account is disabled while connected", async () => {
    const { client, userId } = await learnerClient();
    const res = await fetch(`${hub.url}/api/v1/users/${userId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${hub.token}` },
      body: JSON.stringify({ disabled: true }),
    });
    expect(res.status).toBe(200);
    await client.until(() => client.closed !== undefined);
    expect(client.closed?.code).toBe(1008);
  });

  it("refuses frames for the caller's own browser session (its numbers come from the page)", async () => {
    const { token } = await newLearner(hub);
    const socket = connectClient(hub.url, { auth: { token }, transports: ["websocket"], forceNew: true });
    const started = await socket.emitWithAck("focus:start", { site: hub.site, source: "browser" });
    expect(started.ok).toBe(true);
    const client = await FrameClient.connect(hub.url, token);
    client.send(started.data.session, 0, jpegs[0] as Buffer);
    await client.until(() => client.of("error").length === 1);
    expect(client.of("error")[0]).toMatchObject({ code: "NOT_FOUND", session: started.data.session });
    expect(client.of("error")[0]?.message).toContain('source "frames"');
    await client.close();
    socket.close();
  });

  it("refuses frames of a session that is not the caller's, or of none", async () => {
    const { client: owner, id } = await learnerClient();
    const other = await FrameClient.connect(hub.url, hub.token);
    other.send(id, 0, jpegs[0] as Buffer);
    other.send("no-such-session", 0, jpegs[0] as Buffer);
    await other.until(() => other.of("error").length === 2);
    expect(other.of("error")).toMatchObject([
      { code: "NOT_FOUND", session: id, seq: 0 },
      { code: "NOT_FOUND", session: "no-such-session", seq: 0 },
    ]);
    expect(other.of("result")).toEqual([]);
    await Promise.all([owner.close(), other.close()]);
  });
});
