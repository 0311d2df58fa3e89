import "../src/polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuUsage } from "node:process";
import { h264TestClip, rtspUnavailableReason, startRtspServer } from "@sitewatch/testkit";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import { Demuxer } from "node-av/api";
import type { Packet, Stream } from "node-av/lib";
import { CameraPipeline } from "../src/capture/camera-pipeline.js";
import type { PacketTap } from "../src/capture/frame-source.js";
import { CameraRecorder, type ClosedSegment } from "../src/roles/archive/recording/camera-recorder.js";

// Issue 16: what recording (remuxing, no re-encode) costs an edge device per camera. Two measurements:
// the remux alone, feeding a clip through the recorder as fast as it goes (CPU per second of video, so
// % of a core at real time), and a live RTSP camera captured for analysis with and without recording
// (the difference, noisier). Bytes written are compared with the bytes of video the camera sent.
// `--quick` measures 15 s per live phase instead of 40 s and only prints.
const QUICK = process.argv.includes("--quick");
const LIVE_MS = QUICK ? 15_000 : 40_000;
const SEGMENT_SECONDS = 10;

/** Counts the camera's video bytes on their way to the recorder. */
function counting(tap: PacketTap, seen: { bytes: number }): PacketTap {
  return {
    begin: (stream: Stream) => tap.begin(stream),
    packet: (packet: Packet) => {
      seen.bytes += packet.size;
      tap.packet(packet);
    },
    end: () => tap.end(),
  };
}

function recorder(dir: string, segments: ClosedSegment[]): CameraRecorder {
  const log = (message: string) => console.log(`  ${message}`);
  return new CameraRecorder({
    camera: "bench",
    dir,
    settings: { segmentSeconds: SEGMENT_SECONDS },
    onSegment: (s) => segments.push(s),
    log,
  });
}

/** CPU ms the recorder spends per second of video, remuxing a clip as fast as the disk takes it. */
async function remuxOnly(dir: string, clip: string): Promise<{ cpuMsPerVideoS: number; videoS: number }> {
  const segments: ClosedSegment[] = [];
  const rec = recorder(dir, segments);
  await rec.start();
  const input = await Demuxer.open(clip);
  const stream = input.video();
  if (!stream) throw new Error("clip without video");
  // Read the whole clip first, so only the recorder's work is timed.
  const packets: Packet[] = [];
  for await (const packet of input.packets(stream.index)) {
    if (!packet) break;
    packets.push(packet);
  }
  const before = cpuUsage();
  for (let loop = 0; loop < 5; loop++) {
    rec.begin(stream);
    for (const packet of packets) rec.packet(packet);
    rec.end();
    await rec.idle();
  }
  await rec.stop();
  const cpu = cpuUsage(before);
  for (const packet of packets) packet.free();
  await input.close();
  const videoS = segments.reduce((sum, s) => sum + s.durationMs, 0) / 1000;
  return { cpuMsPerVideoS: (cpu.user + cpu.system) / 1000 / videoS, videoS };
}

/** Process CPU (% of a core) of one camera captured for analysis, with or without recording. */
async function live(url: string, dir: string | undefined) {
  const segments: ClosedSegment[] = [];
  const source = { bytes: 0 };
  const rec = dir ? recorder(dir, segments) : undefined;
  await rec?.start();
  const pipeline = new CameraPipeline({ camera: "bench", url, intervalMs: 3_000, onFrame: () => {} });
  if (rec) pipeline.tapPackets(counting(rec, source));
  void pipeline.start();
  // Past the connect and the first keyframe.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const before = cpuUsage();
  const bytesBefore = source.bytes;
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, LIVE_MS));
  const cpu = cpuUsage(before);
  const seconds = (Date.now() - started) / 1000;
  const sourceBytes = source.bytes - bytesBefore;
  await pipeline.stop();
  await rec?.stop();
  const recordedS = segments.reduce((sum, s) => sum + s.durationMs, 0) / 1000;
  const written = segments.reduce((sum, s) => sum + s.bytes, 0);
  return {
    cpuPct: ((cpu.user + cpu.system) / 1000 / 1000 / seconds) * 100,
    sourceKbps: (sourceBytes * 8) / 1000 / seconds,
    writtenKbps: recordedS > 0 ? (written * 8) / 1000 / recordedS : 0,
    segments: segments.length,
  };
}

const unavailable = rtspUnavailableReason();
if (unavailable) {
  console.log(`recording bench skipped: ${unavailable}`);
  process.exit(0);
}
const clip = h264TestClip();
const home = await mkdtemp(join(tmpdir(), "recording-bench-"));
const server = await startRtspServer({ clip, loop: true });
try {
  const remux = await remuxOnly(join(home, "remux"), clip);
  console.log(`remux: ${remux.cpuMsPerVideoS.toFixed(2)} CPU ms per video second`);
  const without = await live(server.url(), undefined);
  const withRec = await live(server.url(), join(home, "live"));
  const rows: BenchRow[] = [
    {
      name: "remux alone, CPU at real time (768×576 H.264, 10 fps)",
      value: remux.cpuMsPerVideoS / 10,
      unit: "% of a core",
      target: `${remux.videoS.toFixed(0)} s of video remuxed`,
    },
    { name: "live camera, analysis capture only", value: without.cpuPct, unit: "% of a core (process)" },
    {
      name: "live camera, analysis capture + recording",
      value: withRec.cpuPct,
      unit: "% of a core (process)",
    },
    {
      name: "recording CPU per camera (difference)",
      value: Math.max(0, withRec.cpuPct - without.cpuPct),
      unit: "% of a core",
    },
    { name: "source video bitrate (RTSP payload)", value: withRec.sourceKbps, unit: "kbit/s" },
    { name: "bytes written, as bitrate of the recorded time", value: withRec.writtenKbps, unit: "kbit/s" },
    {
      name: "bytes written / source bytes",
      value: withRec.sourceKbps > 0 ? withRec.writtenKbps / withRec.sourceKbps : 0,
      unit: "ratio",
      target: "≈ 1 (remux, no re-encode; MP4 overhead only)",
    },
  ];
  const how =
    `\`tsx edge-agent/bench/recording.bench.ts\`: a ${SEGMENT_SECONDS} s-segment recorder fed the test clip as fast as ` +
    `it goes (5 loops), then one RTSP camera (testkit's looping server) captured for ${LIVE_MS / 1000} s at a 3 s ` +
    "analysis interval without and with recording; process CPU from `process.cpuUsage` (all threads).";
  if (QUICK) for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
  else reportBench("Edge agent: recording (remux to MP4)", rows, how);
} finally {
  await server.stop();
  await rm(home, { recursive: true, force: true });
}
