import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { uuidv7 } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { segments } from "../../../db/schema/index.js";
import { mp4Clip, probe } from "../live-hls/test-video.test-support.js";
import { type Answer, type ArchiveRig, type Received, startArchiveRig } from "./archive-rig.test-support.js";
import { PLAYBACK_CACHE_DIR } from "./playback.js";

let rig: ArchiveRig;
let dir: string;
// Segment name → its file on the simulated device, and → its row id in the hub's segments table.
const files = new Map<string, string>();
const rows = new Map<string, string>();
const T0 = 1_700_000_000_000;

/** The device's side of a segmentUpload: the file streamed (chunked, no Content-Length). */
function put(upload: string, file: string, basic = rig.device.basic) {
  return fetch(`${rig.base}/api/v1/segment-uploads/${upload}`, {
    method: "PUT",
    headers: { authorization: basic, "content-type": "video/mp4" },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: "half",
  } as RequestInit);
}

const argsOf = (command: Received) => command.message as { segment: string; upload: string };

/** A device that has every file: acks with its size at once (as agents do), then uploads it. */
async function honest(command: Received, announce?: number): Promise<Answer> {
  const { segment, upload } = argsOf(command);
  const file = files.get(segment) as string;
  const bytes = announce ?? (await stat(file)).size;
  // What the hub answers the PUT is checked by the viewer's side; a refused stream may also just break.
  setTimeout(() => void put(upload, file).catch(() => undefined), 20);
  return { status: "completed", result: { camera: "cam-1", segment, bytes } };
}

const asked = () => rig.received.filter((c) => c.kind === "segmentUpload").length;
const play = (name: string, token = rig.managerToken) =>
  rig.hub.call("POST", `/api/v1/sites/s1/segments/${rows.get(name) ?? name}/playback`, { token });
const metric = async (pattern: RegExp) => (await rig.metrics.registry.metrics()).match(pattern)?.[1];
const cached = async () => (await readdir(join(dir, "hub", PLAYBACK_CACHE_DIR))).sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "playback-"));
  // Different lengths, so each file's bytes are its own.
  const clips = { a: 4, b: 3, c: 5, big: 12 };
  for (const [name, seconds] of Object.entries(clips))
    files.set(`seg-${name}`, await mp4Clip(dir, name, seconds));
  const size = async (name: string) => (await stat(files.get(`seg-${name}`) as string)).size;
  // Any two of a, b, c fit the cache, all three do not; "big" is above the upload limit.
  const cacheBytes = Math.floor((await size("a")) * 2.5);
  const maxSegmentBytes = Math.floor(((await size("c")) + (await size("big"))) / 2);
  rig = await startArchiveRig(
    { dataDir: join(dir, "hub"), playback: { cacheBytes, maxSegmentBytes } },
    { playback: { uploadTimeoutMs: 1_500, ticketTtlMs: 2_000 } },
  );
  for (const name of Object.keys(clips)) {
    const id = uuidv7();
    rows.set(name, id);
    await rig.database.db.insert(segments).values({
      id,
      siteId: "s1",
      deviceId: "d1",
      cameraId: "cam-1",
      segment: `seg-${name}`,
      uri: `archive://cam-1/seg-${name}.mp4`,
      startedAt: new Date(T0),
      durationMs: 4_000,
      bytes: await size(name),
      container: "mp4",
      codec: "h264",
    });
  }
}, 60_000);

afterAll(async () => {
  await rig?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  rig.answer = (command) => honest(command);
  await rig.setOnline(true);
});

describe("archived playback", () => {
  it("asks the device for the file, hands out a ticket URL and serves it whole and in ranges", async () => {
    const r = await play("a");
    expect(r.status, r.text).toBe(200);
    const original = await readFile(files.get("seg-a") as string);
    expect(r.body).toMatchObject({
      url: expect.stringMatching(/^\/api\/v1\/playback\/[A-Za-z0-9_-]{43}\.mp4$/),
      bytes: original.length,
      startedAt: new Date(T0).toISOString(),
      durationMs: 4_000,
    });
    const expiresIn = Date.parse(r.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(2_000);
    expect(rig.received.at(-1)).toMatchObject({
      kind: "segmentUpload",
      message: { camera: "cam-1", segment: "seg-a", upload: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) },
    });

    // No Authorization: the ticket is the capability.
    const url = `${rig.base}${r.body.url}`;
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await whole.arrayBuffer()).equals(original)).toBe(true);
    const part = await fetch(url, { headers: { range: "bytes=1000-4999" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1000-4999/${original.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(original.subarray(1000, 5000))).toBe(true);
    const tail = await fetch(url, { headers: { range: "bytes=-100" } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(original.subarray(-100))).toBe(true);
    const beyond = await fetch(url, { headers: { range: `bytes=${original.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${original.length}`);
    // A player reads it as the video it is.
    const probed = await probe(url);
    expect(probed.codecs).toEqual(["h264"]);
    expect(probed.durationS).toBeCloseTo(4, 0);
    expect(await metric(/sitewatch_playback_uploads_total\{outcome="completed"\} (\d+)/)).toBe("1");
  });

  it("answers a second request from the cache without asking the device again", async () => {
    const before = asked();
    const r = await play("a");
    expect(r.status).toBe(200);
    expect(asked()).toBe(before);
    expect(await metric(/sitewatch_playback_requests_total\{source="cache"\} (\d+)/)).toBe("1");
  });

  it("brings a segment once for viewers asking at the same time", async () => {
    const before = asked();
    const [one, two] = await Promise.all([play("b"), play("b")]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body.url).not.toBe(two.body.url);
    expect(asked()).toBe(before + 1);
    expect(await metric(/sitewatch_playback_requests_total\{source="shared"\} (\d+)/)).toBe("1");
  });

  it("keeps the cache within its bound by evicting the least recently used segment", async () => {
    expect(await cached()).toEqual([`${rows.get("a")}.mp4`, `${rows.get("b")}.mp4`].sort());
    const r = await play("c");
    expect(r.status).toBe(200);
    expect(await cached()).toEqual([`${rows.get("b")}.mp4`, `${rows.get("c")}.mp4`].sort());
    expect(await metric(/sitewatch_playback_cache_evictions_total (\d+)/)).toBe("1");
    // The evicted one is fetched from the device again.
    const before = asked();
    expect((await play("a")).status).toBe(200);
    expect(asked()).toBe(before + 1);
  });

  it("ends a ticket after its lifetime and refuses tickets it never issued", async () => {
    const r = await play("a");
    expect((await fetch(`${rig.base}${r.body.url}`, { method: "GET" })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const expired = await fetch(`${rig.base}${r.body.url}`);
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const forged = await fetch(`${rig.base}/api/v1/playback/${"A".repeat(43)}.mp4`);
    expect(forged.status).toBe(404);
    // Only the exact ticket shape is public; anything else under /playback needs a token.
    expect((await fetch(`${rig.base}/api/v1/playback/short.mp4`)).status).toBe(401);
    expect((await fetch(`${rig.base}${r.body.url}x`)).status).toBe(401);
  });

  it("checks the segment and the viewer's site before asking any device", async () => {
    const before = asked();
    expect((await play(uuidv7())).status).toBe(404);
    expect((await play("a", rig.outsiderToken)).status).toBe(403);
    const anonymous = await rig.hub.call("POST", `/api/v1/sites/s1/segments/${rows.get("a")}/playback`);
    expect(anonymous.status).toBe(401);
    expect(asked()).toBe(before);
  });

  it("answers DEVICE_OFFLINE, COMMAND_FAILED and COMMAND_TIMEOUT as the device gives cause", async () => {
    await rig.setOnline(false);
    const offline = await play("b");
    expect(offline.status).toBe(503);
    expect(offline.body.error.code).toBe("DEVICE_OFFLINE");
    await rig.setOnline(true);

    rig.answer = () => ({
      status: "failed",
      error: { code: "NOT_FOUND", message: "segment seg-b is not on this device (deleted by retention?)" },
    });
    const refused = await play("b");
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({
      code: "COMMAND_FAILED",
      message: expect.stringMatching(/seg-b/),
    });

    // Accepted, but the file never comes: the wait ends and the id is spent.
    let spent = "";
    rig.answer = (command) => {
      spent = argsOf(command).upload;
      return { status: "accepted" };
    };
    const started = Date.now();
    const silent = await play("b");
    expect(silent.status).toBe(504);
    expect(silent.body.error.code).toBe("COMMAND_TIMEOUT");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect((await put(spent, files.get("seg-b") as string)).status).toBe(404);
    expect(await metric(/sitewatch_playback_uploads_total\{outcome="offline"\} (\d+)/)).toBe("1");
    expect(await metric(/sitewatch_playback_uploads_total\{outcome="timeout"\} (\d+)/)).toBe("1");
  });

  it("takes the upload only from the device asked, once", async () => {
    const statuses: number[] = [];
    rig.answer = async (command) => {
      const { segment, upload } = argsOf(command);
      const file = files.get(segment) as string;
      statuses.push((await put(upload, file, rig.neighbour.basic)).status);
      statuses.push((await put(upload, file)).status);
      statuses.push((await put(upload, file)).status);
      return { status: "completed", result: { camera: "cam-1", segment, bytes: (await stat(file)).size } };
    };
    await rig.setOnline(true);
    // "b" was never cached: the refusals above left nothing behind.
    const r = await play("b");
    expect(r.status, r.text).toBe(200);
    // Another device's PUT is refused, the device's own stored, a repeat finds the id spent.
    expect(statuses).toEqual([403, 204, 404]);
    const served = await fetch(`${rig.base}${r.body.url}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(await readFile(files.get("seg-b") as string))).toBe(
      true,
    );
  });

  it("refuses a segment above PLAYBACK_MAX_SEGMENT_MIB, announced or uploaded", async () => {
    // The device's acknowledgement names the size: refused before any byte moves.
    rig.answer = async (command) => ({
      status: "completed",
      result: { ...argsOf(command), bytes: (await stat(files.get("seg-big") as string)).size },
    });
    const announced = await play("big");
    expect(announced.status).toBe(413);
    expect(announced.body.error.message).toMatch(/PLAYBACK_MAX_SEGMENT_MIB/);
    expect(await metric(/sitewatch_playback_uploads_total\{outcome="too_large"\} (\d+)/)).toBe("1");
    // A device that announces less than it sends is cut off while streaming.
    rig.answer = (command) => honest(command, 1_000);
    const streamed = await play("big");
    expect(streamed.status).toBe(413);
    expect(await metric(/sitewatch_playback_upload_refusals_total\{reason="too_large"\} (\d+)/)).toBe("1");
    expect(await metric(/sitewatch_playback_uploads_total\{outcome="too_large"\} (\d+)/)).toBe("2");
    expect((await cached()).filter((f) => f.endsWith(".part"))).toEqual([]);
  });
});
