import "../../../polyfills.js";
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CommandAck, decodeMessage, uuidv7 } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CommandDispatcher } from "../../../delivery/command-dispatcher.js";
import { EventFactory } from "../../../delivery/event-factory.js";
import { useTempEventStore } from "../../../delivery/temp-event-store.test-support.js";
import { hasMedia } from "../../../media.test-support.js";
import { HubReceiver } from "../live-hls/hub-receiver.test-support.js";
import type { ClosedSegment } from "../recording/camera-recorder.js";
import { feed, recorder } from "../recording/recording-clips.test-support.js";
import { SegmentUploads } from "./segment-uploads.js";

const AUTH = `Basic ${Buffer.from("site-1.edge-1:pw").toString("base64")}`;
const UPLOAD = "u7Yq2m0cX1pLr9sTzK4wAq";
const store = useTempEventStore("segment-upload-acks-");

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!hasMedia)("the segmentUpload command", () => {
  let archiveDir: string;
  let recorded: ClosedSegment[];
  let hub: HubReceiver;
  let hubUrl: string;
  let logs: string[];
  let uploads: SegmentUploads;
  let dispatcher: CommandDispatcher;
  const idle = () => uploads.stats().uploading === 0;

  beforeAll(async () => {
    archiveDir = mkdtempSync(join(tmpdir(), "segment-upload-"));
    recorded = [];
    const rec = recorder(join(archiveDir, "cam-1"), recorded, []);
    await rec.start();
    await feed(rec);
    await rec.stop();
    hub = new HubReceiver();
    hubUrl = await hub.start();
  });
  afterAll(async () => {
    await hub?.stop();
    if (archiveDir) rmSync(archiveDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    hub.requests.length = 0;
    hub.answer = () => ({ status: 204 });
    logs = [];
    uploads = new SegmentUploads({
      archiveDir,
      hub: { url: hubUrl, username: "site-1.edge-1", password: "pw" },
      log: (message) => logs.push(message),
    });
    dispatcher = new CommandDispatcher(
      { site: "site-1", device: "edge-1" },
      new EventFactory(store.outbox, store.sequence),
    );
    dispatcher.on("segmentUpload", (cmd) => uploads.handle(cmd));
  });

  /** Sends the command as the hub would, over its MQTT topic, and returns the device's final ack. */
  async function command(camera: string, segment: string, upload = UPLOAD): Promise<CommandAck> {
    const id = uuidv7();
    const payload = JSON.stringify({ v: 1, id, ts: Date.now(), camera, segment, upload });
    await dispatcher.handle("sitewatch/v1/site-1/edge-1/cmd/segment-upload", Buffer.from(payload));
    const acks = store.outbox.peek(100).flatMap((r) => {
      const decoded = decodeMessage(r.topic, r.payload);
      return decoded.ok && decoded.kind === "commandAck" ? [decoded.message as CommandAck] : [];
    });
    const final = acks.find((a) => a.command === id && a.status !== "accepted");
    if (!final) throw new Error("no final ack");
    return final;
  }

  it("acks with the segment's size, then streams the file byte for byte to the hub", async () => {
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    const segment = recorded[1] as ClosedSegment;
    const file = readFileSync(join(archiveDir, "cam-1", `${segment.segment}.mp4`));
    const ack = await command("cam-1", segment.segment);
    expect(ack).toMatchObject({
      status: "completed",
      name: "segment-upload",
      result: { camera: "cam-1", segment: segment.segment, bytes: file.length },
    });
    // Counted as uploaded when the hub answered; still "uploading" until its file is closed just after.
    await until("the upload and its file closed", () => idle() && uploads.stats().uploaded === 1);
    expect(hub.requests).toHaveLength(1);
    const put = hub.requests[0];
    expect(put).toMatchObject({ method: "PUT", path: `/api/v1/segment-uploads/${UPLOAD}` });
    expect(put?.headers).toMatchObject({ authorization: AUTH, "content-type": "video/mp4" });
    expect(put?.headers["content-length"]).toBe(String(file.length));
    expect(put?.body.equals(file)).toBe(true);
    expect(uploads.stats()).toEqual({ uploading: 0, uploaded: 1, failed: 0, bytesSent: file.length });
  });

  it("answers an error ack saying what is missing, and uploads nothing", async () => {
    const gone = recorded[0] as ClosedSegment;
    unlinkSync(join(archiveDir, "cam-1", `${gone.segment}.mp4`));
    const acks = await Promise.all([
      command("cam-9", gone.segment),
      command("cam-1", "20261201T080000000Z-7"),
      command("cam-1", gone.segment),
    ]);
    expect(acks.map((a) => [a.status, a.error?.message])).toEqual([
      ["failed", "camera cam-9 has no recordings on this device"],
      [
        "failed",
        "segment 20261201T080000000Z-7 of camera cam-1 is not in this device's archive (not recorded, still being recorded, or deleted by retention)",
      ],
      [
        "failed",
        `segment ${gone.segment} of camera cam-1 is indexed but its file ${gone.segment}.mp4 is missing`,
      ],
    ]);
    // The protocol refuses such a camera id already; the archive lookup would not leave its directory either.
    const outside = { v: 1 as const, id: uuidv7(), ts: 1, camera: "..", segment: "cam-1", upload: UPLOAD };
    await expect(uploads.handle(outside)).rejects.toThrow("camera .. has no recordings on this device");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hub.requests).toEqual([]);
  });

  it("sends the whole file even when retention deletes it right after the ack", async () => {
    const segment = recorded[2] as ClosedSegment;
    const path = join(archiveDir, "cam-1", `${segment.segment}.mp4`);
    const file = readFileSync(path);
    hub.answer = () => ({ status: 204, delayMs: 50 });
    const result = await uploads.handle({
      v: 1,
      id: uuidv7(),
      ts: 1,
      camera: "cam-1",
      segment: segment.segment,
      upload: UPLOAD,
    });
    unlinkSync(path);
    expect(result.bytes).toBe(file.length);
    await until("the upload", () => uploads.stats().uploaded === 1);
    expect(hub.requests[0]?.body.equals(file)).toBe(true);
  });

  it("logs an upload the hub refuses, and refuses a third upload while two are running", async () => {
    const [a, b, c] = recorded.slice(3) as ClosedSegment[];
    hub.answer = () => ({ status: 404 });
    await command("cam-1", a?.segment ?? "");
    await until("the refusal", () => idle() && uploads.stats().failed === 1);
    expect(logs).toEqual([
      `segment ${a?.segment} of camera cam-1 not uploaded: the hub answered refused by the test (404) (NOT_FOUND)`,
    ]);
    hub.answer = () => ({ status: 204, delayMs: 5_000 });
    const running = [await command("cam-1", a?.segment ?? ""), await command("cam-1", b?.segment ?? "")];
    expect(running.map((ack) => ack.status)).toEqual(["completed", "completed"]);
    const third = await command("cam-1", c?.segment ?? "");
    expect(third.error?.message).toBe("already uploading 2 segments; ask again when one is done");
    const stoppingAt = Date.now();
    await uploads.close();
    expect(Date.now() - stoppingAt).toBeLessThan(1_000);
    expect(uploads.stats()).toMatchObject({ uploading: 0, uploaded: 0, failed: 3 });
  });
});
