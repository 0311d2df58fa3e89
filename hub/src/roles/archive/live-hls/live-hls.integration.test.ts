import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ArchiveRig, type Received, startArchiveRig } from "../playback/archive-rig.test-support.js";
import { liveSegments, probe } from "./test-video.test-support.js";

let rig: ArchiveRig;
let dir: string;
let segs: Buffer[];
const PLAYLIST = "/api/v1/sites/s1/devices/d1/cameras/cam-1/live/index.m3u8";
// Well above the playlist's target duration (1 s), as a player re-reads it about that often.
// Long enough that a loaded machine's pauses between one viewer's requests do not end its session.
const IDLE_MS = 4_000;
const WAIT_MS = 1_500;

function putSegment(
  session: string,
  seq: number,
  body: Buffer | ReadableStream,
  opts: { capturedAt?: number; durationMs?: number; basic?: string; query?: string } = {},
) {
  const query =
    opts.query ?? `durationMs=${opts.durationMs ?? 1000}&capturedAt=${opts.capturedAt ?? Date.now()}`;
  return fetch(`${rig.base}/api/v1/live-hls/${session}/${seq}?${query}`, {
    method: "PUT",
    headers: { authorization: opts.basic ?? rig.device.basic, "content-type": "video/mp2t" },
    body,
    ...(body instanceof Buffer ? {} : { duplex: "half" }),
  } as RequestInit);
}

const viewer = (path = PLAYLIST, token = rig.managerToken) =>
  fetch(`${rig.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
const starts = () => rig.received.filter((c) => c.kind === "liveStart");
const sessionOf = (c: Received | undefined) => String(c?.message.session);
const metric = async (pattern: RegExp) => (await rig.metrics.registry.metrics()).match(pattern)?.[1];

/** A viewer whose player keeps re-reading the playlist until the returned function is called. */
function keepWatching(): () => void {
  const timer = setInterval(() => void viewer().then((r) => r.body?.cancel()), 300);
  return () => clearInterval(timer);
}

/** A device that accepts liveStart and, for a new session, uploads `count` segments after `delayMs`. */
function streamingDevice(count: number, delayMs: number, capturedAt: number[] = []) {
  const streaming = new Set<string>();
  rig.answer = (command) => {
    const session = sessionOf(command);
    if (command.kind === "liveStart" && !streaming.has(session)) {
      streaming.add(session);
      setTimeout(async () => {
        for (let seq = 0; seq < count; seq++) {
          const at = Date.now() - 3_000 + seq * 1_000;
          capturedAt.push(at);
          await putSegment(session, seq, segs[seq] as Buffer, { capturedAt: at });
        }
      }, delayMs);
    }
    return { status: "accepted" };
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "live-hls-"));
  segs = await liveSegments(dir, 3);
  rig = await startArchiveRig(
    { dataDir: join(dir, "hub") },
    {
      liveHls: {
        idleMs: IDLE_MS,
        renewMs: 200,
        ttlMs: 2_000,
        firstSegmentWaitMs: WAIT_MS,
        limits: { maxTotalBytes: 200_000 },
      },
    },
  );
}, 60_000);

afterAll(async () => {
  await rig?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Every test starts with no live session: the previous one's viewers have gone idle.
  await expect.poll(() => rig.services.liveHls.viewers.size, { timeout: IDLE_MS + 3_000 }).toBe(0);
  await rig.setOnline(true);
});

describe("live HLS", () => {
  it("starts an HLS session for the first viewer, waits for its first segment and serves a playlist", async () => {
    const capturedAt: number[] = [];
    streamingDevice(3, 400, capturedAt);
    const started = Date.now();
    const r = await viewer();
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(r.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    expect(r.headers.get("cache-control")).toBe("no-store");
    const lines = (await r.text()).trim().split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "#EXTM3U",
      "#EXT-X-VERSION:3",
      "#EXT-X-TARGETDURATION:1",
      expect.stringMatching(/^#EXT-X-MEDIA-SEQUENCE:\d+$/),
    ]);
    const first = Number(lines[3]?.split(":")[1]);
    expect(lines.slice(4, 7)).toEqual([
      `#EXT-X-PROGRAM-DATE-TIME:${new Date(capturedAt[0] as number).toISOString()}`,
      "#EXTINF:1.000,",
      `segments/${first}.ts`,
    ]);
    // Started once for this viewer (and renewed since, every 200 ms in this test).
    expect(new Set(starts().map(sessionOf)).size).toBe(1);
    expect(starts()[0]?.message).toMatchObject({
      camera: "cam-1",
      session: expect.stringMatching(/^hls-[A-Za-z0-9_-]+$/),
      format: "hls",
      segmentMs: 1000,
      ttlMs: 2_000,
    });

    // The rest arrive; each segment is served as uploaded, and a player reads the stream.
    await expect
      .poll(() => rig.services.liveHls.store.bufferedBytes)
      .toBe(segs.reduce((n, s) => n + s.length, 0));
    const second = await viewer(PLAYLIST.replace("index.m3u8", `segments/${first + 1}.ts`));
    expect(second.status).toBe(200);
    expect(second.headers.get("content-type")).toBe("video/mp2t");
    expect(Buffer.from(await second.arrayBuffer()).equals(segs[1] as Buffer)).toBe(true);
    const probed = await probe(`${rig.base}${PLAYLIST}`, { authorization: `Bearer ${rig.managerToken}` });
    expect(probed.codecs).toEqual(["h264"]);
    expect(await metric(/sitewatch_live_hls_segments_total\{outcome="stored"\} (\d+)/)).toBe("3");
  });

  it("renews the device's session while viewers read the playlist and stops it when they leave", async () => {
    streamingDevice(1, 0);
    const before = starts().length;
    for (let i = 0; i < 6; i++) {
      expect((await viewer()).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const mine = starts().slice(before);
    // One session, started once and renewed (every 200 ms here) while requests came.
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mine.map(sessionOf)).size).toBe(1);
    const session = sessionOf(mine[0]);
    expect(rig.received.some((c) => c.kind === "liveStop" && sessionOf(c) === session)).toBe(false);

    await expect
      .poll(() => rig.received.find((c) => c.kind === "liveStop" && sessionOf(c) === session), {
        timeout: IDLE_MS + 2_000,
      })
      .toBeDefined();
    expect(await metric(/sitewatch_live_hls_sessions (\d+)/)).toBe("0");
    // The device learns the session is over from its next upload.
    expect((await putSegment(session, 1, segs[1] as Buffer)).status).toBe(404);
    const renewals = starts().length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(starts().length).toBe(renewals);
  });

  it("takes segments only from the session's device, within the size bounds", async () => {
    streamingDevice(1, 0);
    expect((await viewer()).status).toBe(200);
    const session = sessionOf(starts().at(-1));
    const seg = segs[1] as Buffer;
    const stopWatching = keepWatching();

    expect((await putSegment(session, 1, seg, { basic: rig.neighbour.basic })).status).toBe(403);
    expect((await putSegment("hls-nobody", 0, seg)).status).toBe(404);
    expect((await putSegment(session, 1, seg, { query: "durationMs=5&capturedAt=1" })).status).toBe(400);
    const anonymous = await fetch(`${rig.base}/api/v1/live-hls/${session}/1?durationMs=1000&capturedAt=1`, {
      method: "PUT",
      headers: { "content-type": "video/mp2t" },
      body: seg,
    });
    expect(anonymous.status).toBe(401);

    // Over 4 MiB: declared, and streamed without a length.
    const huge = Buffer.alloc(4 * 1024 * 1024 + 1, 0x47);
    const declared = await putSegment(session, 1, huge);
    expect(declared.status).toBe(413);
    const chunked = Readable.toWeb(Readable.from([huge.subarray(0, 1 << 20), huge.subarray(1 << 20)]));
    const streamed = await putSegment(session, 1, chunked as ReadableStream);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    // Within 4 MiB but past what the hub holds for all cameras (200 kB in this test).
    const full = await putSegment(session, 1, Buffer.alloc(190_000, 0x47));
    expect(full.status).toBe(413);
    expect(((await full.json()) as { error: { message: string } }).error.message).toMatch(/buffer/);

    expect((await putSegment(session, 1, seg)).status).toBe(204);
    expect((await putSegment(session, 1, seg)).status).toBe(204);
    const text = await rig.metrics.registry.metrics();
    for (const reason of ["foreign_device", "unknown_session", "too_large", "buffer_full"])
      expect(text, reason).toMatch(
        new RegExp(`sitewatch_live_hls_refusals_total\\{reason="${reason}"\\} [1-9]`),
      );
    expect(text).toMatch(/sitewatch_live_hls_segments_total\{outcome="duplicate"\} 1/);
    stopWatching();
  });

  it("answers at once when the device is offline, and after the wait when it sends nothing", async () => {
    await rig.setOnline(false);
    let started = Date.now();
    const offline = await viewer();
    expect(offline.status).toBe(503);
    expect(((await offline.json()) as { error: { code: string } }).error.code).toBe("DEVICE_OFFLINE");
    expect(Date.now() - started).toBeLessThan(WAIT_MS);

    await expect.poll(() => rig.services.liveHls.viewers.size, { timeout: IDLE_MS + 3_000 }).toBe(0);
    await rig.setOnline(true);
    rig.answer = () => ({ status: "accepted" });
    started = Date.now();
    const silent = await viewer();
    expect(silent.status).toBe(504);
    expect(((await silent.json()) as { error: { code: string } }).error.code).toBe("COMMAND_TIMEOUT");
    expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS - 50);
  });

  it("checks the viewer's site and the camera like every site route", async () => {
    const before = starts().length;
    expect((await viewer(PLAYLIST, rig.outsiderToken)).status).toBe(403);
    expect((await viewer(PLAYLIST.replace("cam-1", "cam-9"))).status).toBe(404);
    expect((await fetch(`${rig.base}${PLAYLIST}`)).status).toBe(401);
    expect((await viewer(PLAYLIST.replace("index.m3u8", "segments/0.ts"))).status).toBe(404);
    expect(starts().length).toBe(before);
  });
});
