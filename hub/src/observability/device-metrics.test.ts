import { readFileSync } from "node:fs";
import { type CameraHealth, examples, type Health, PROTOCOL_VERSION } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { parseExposition, samplesOf } from "./exposition.test-support.js";
import { createMetrics } from "./metrics.js";

const heartbeat = (cameras: Partial<CameraHealth>[], extra: Partial<Health> = {}): Health => ({
  ...examples.health,
  ...extra,
  cameras: cameras.map((c, i) => ({
    ...(examples.health.cameras[0] as CameraHealth),
    camera: `cam-${i + 1}`,
    ...c,
  })),
});

function hub(options: Parameters<typeof createMetrics>[0] = {}) {
  const clock = { now: 5_000_000 };
  const metrics = createMetrics({ ...options, now: () => clock.now });
  const scrape = async () => parseExposition(await metrics.registry.metrics());
  return { clock, metrics, scrape };
}

describe("heartbeat metrics on /metrics", () => {
  it("shows a device's heartbeat as device and camera series, in base units", async () => {
    const { metrics, scrape } = hub();
    metrics.devices.heartbeat(
      "cafe-1",
      "edge-1",
      heartbeat([{ fps: 4.5, inferenceMs: 38, decodeMs: 6, queueDepth: 3, droppedFrames: 12 }], {
        outboxDepth: 40,
        outboxDropped: 2,
        outboxUnconfirmed: 5,
        cpuPct: 150,
        memRssMb: 2,
      }),
    );
    const m = await scrape();
    const device = { site: "cafe-1", device: "edge-1" };
    const cam = { ...device, camera: "cam-1" };
    const value = (name: string, labels: Record<string, string>) =>
      samplesOf(m, name, labels).map((s) => s.value);
    expect(value("sitewatch_device_online", device)).toEqual([1]);
    expect(value("sitewatch_device_outbox_events", device)).toEqual([40]);
    expect(value("sitewatch_device_outbox_unconfirmed_events", device)).toEqual([5]);
    expect(value("sitewatch_device_outbox_dropped_events_total", device)).toEqual([2]);
    expect(value("sitewatch_device_cpu_cores", device)).toEqual([1.5]);
    expect(value("sitewatch_device_resident_memory_bytes", device)).toEqual([2 * 1024 * 1024]);
    expect(value("sitewatch_device_last_heartbeat_timestamp_seconds", device)).toEqual([5_000]);
    expect(value("sitewatch_camera_fps", cam)).toEqual([4.5]);
    expect(value("sitewatch_camera_inference_seconds", cam)).toEqual([0.038]);
    expect(value("sitewatch_camera_decode_seconds", cam)).toEqual([0.006]);
    expect(value("sitewatch_camera_queue_depth", cam)).toEqual([3]);
    expect(value("sitewatch_camera_dropped_frames_total", cam)).toEqual([12]);
    expect(value("sitewatch_camera_streaming", cam)).toEqual([1]);
    expect(m.get("sitewatch_camera_dropped_frames_total")?.type).toBe("counter");
    expect(m.get("sitewatch_camera_fps")?.type).toBe("gauge");
    expect(samplesOf(m, "sitewatch_devices").map((s) => [s.labels.state, s.value])).toEqual([
      ["online", 1],
      ["offline", 0],
    ]);
  });

  it("leaves out a field an older agent does not send", async () => {
    const { metrics, scrape } = hub();
    const { outboxUnconfirmed: _, ...old } = heartbeat([]);
    metrics.devices.heartbeat("s", "d", old);
    const m = await scrape();
    expect(samplesOf(m, "sitewatch_device_outbox_unconfirmed_events")).toEqual([]);
    expect(samplesOf(m, "sitewatch_device_outbox_events")).toHaveLength(1);
  });

  it("caps the series at the first devices and cameras and counts the rest", async () => {
    const { metrics, scrape } = hub({ devices: { maxDevices: 3, maxCameras: 4 } });
    for (let i = 1; i <= 5; i++) metrics.devices.heartbeat("s", `d${i}`, heartbeat([{}, {}]));
    const m = await scrape();
    expect(samplesOf(m, "sitewatch_device_online").map((s) => s.labels.device)).toEqual(["d1", "d2", "d3"]);
    const cameras = samplesOf(m, "sitewatch_camera_fps").map((s) => `${s.labels.device}/${s.labels.camera}`);
    expect(cameras).toEqual(["d1/cam-1", "d1/cam-2", "d2/cam-1", "d2/cam-2"]);
    const unexported = samplesOf(m, "sitewatch_device_series_unexported");
    expect(unexported.map((s) => [s.labels.kind, s.value])).toEqual([
      ["device", 2],
      ["camera", 6],
    ]);
    expect(samplesOf(m, "sitewatch_devices", { state: "online" })[0]?.value).toBe(5);
  });

  it("removes the series of a revoked device at the next scrape", async () => {
    const { metrics, scrape } = hub();
    metrics.devices.heartbeat("s", "d1", heartbeat([{}]));
    metrics.devices.heartbeat("s", "d2", heartbeat([{}]));
    expect(samplesOf(await scrape(), "sitewatch_camera_fps")).toHaveLength(2);
    metrics.devices.forget("s", "d1");
    const m = await scrape();
    for (const name of [
      "sitewatch_device_online",
      "sitewatch_camera_fps",
      "sitewatch_camera_dropped_frames_total",
    ]) {
      expect(
        samplesOf(m, name).map((s) => s.labels.device),
        name,
      ).toEqual(["d2"]);
    }
  });

  it("drops a silent device's figures, then the device", async () => {
    const { clock, metrics, scrape } = hub({ devices: { silentAfterMs: 60_000, forgetAfterMs: 3_600_000 } });
    metrics.devices.heartbeat("s", "d1", heartbeat([{}]));
    clock.now += 61_000;
    let m = await scrape();
    expect(samplesOf(m, "sitewatch_device_online").map((s) => s.value)).toEqual([0]);
    expect(samplesOf(m, "sitewatch_device_outbox_events")).toEqual([]);
    expect(samplesOf(m, "sitewatch_camera_fps")).toEqual([]);
    clock.now += 3_600_000;
    m = await scrape();
    expect(samplesOf(m, "sitewatch_device_online")).toEqual([]);
  });

  it("says which version, protocol and Node.js runs, the version from hub/package.json", async () => {
    const { scrape } = hub();
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const [info, ...more] = samplesOf(await scrape(), "sitewatch_build_info");
    expect(more).toEqual([]);
    expect(info?.value).toBe(1);
    expect(info?.labels).toEqual({
      version: pkg.version,
      protocol: String(PROTOCOL_VERSION),
      node: process.versions.node,
    });
  });

  it("has the default process metrics under their conventional names", async () => {
    const m = await hub().scrape();
    expect(m.get("process_cpu_seconds_total")?.type).toBe("counter");
    expect(m.get("process_resident_memory_bytes")?.type).toBe("gauge");
    expect(m.get("nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
    expect(m.get("nodejs_heap_size_used_bytes")?.type).toBe("gauge");
    expect([...m.keys()].filter((name) => name.startsWith("sitewatch_hub_"))).toEqual([]);
  });
});
