import { type CameraHealth, examples, type Health } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { DeviceFigures } from "./device-figures.js";

const camera = (id: string): CameraHealth => ({
  ...(examples.health.cameras[0] as CameraHealth),
  camera: id,
});
const health = (cameras: string[], outboxDepth = 0): Health => ({
  ...examples.health,
  outboxDepth,
  cameras: cameras.map(camera),
});

function figures(options: ConstructorParameters<typeof DeviceFigures>[0] = {}) {
  const clock = { now: 1_000_000 };
  return { clock, figures: new DeviceFigures(options, () => clock.now) };
}

describe("DeviceFigures", () => {
  it("exports a heartbeat's device and camera figures while it is fresh", () => {
    const { figures: f } = figures();
    f.heartbeat("s", "d1", health(["a", "b"], 7));
    const snap = f.snapshot();
    expect(snap.devices).toEqual([
      { site: "s", device: "d1", online: true, fresh: { at: 1_000_000, health: health(["a", "b"], 7) } },
    ]);
    expect(snap.cameras.map((c) => [c.site, c.device, c.camera])).toEqual([
      ["s", "d1", "a"],
      ["s", "d1", "b"],
    ]);
    expect(snap.totals).toEqual({ online: 1, offline: 0 });
    expect(snap.unexported).toEqual({ devices: 0, cameras: 0 });
  });

  it("exports the first devices and cameras heard from and counts the rest", () => {
    const { figures: f } = figures({ maxDevices: 2, maxCameras: 3 });
    f.heartbeat("s", "d1", health(["a", "b"]));
    f.heartbeat("s", "d2", health(["a", "b"]));
    f.heartbeat("s", "d3", health(["a"]));
    // A later heartbeat of an exported device keeps its place.
    f.heartbeat("s", "d1", health(["a", "b"]));
    const snap = f.snapshot();
    expect(snap.devices.map((d) => d.device)).toEqual(["d1", "d2"]);
    expect(snap.cameras.map((c) => `${c.device}/${c.camera}`)).toEqual(["d1/a", "d1/b", "d2/a"]);
    expect(snap.unexported).toEqual({ devices: 1, cameras: 2 });
    expect(snap.totals).toEqual({ online: 3, offline: 0 });
  });

  it("gives a forgotten device's place to the next one", () => {
    const { figures: f } = figures({ maxDevices: 1 });
    f.heartbeat("s", "d1", health(["a"]));
    f.heartbeat("s", "d2", health(["b"]));
    f.forget("s", "d1");
    const snap = f.snapshot();
    expect(snap.devices.map((d) => d.device)).toEqual(["d2"]);
    expect(snap.cameras.map((c) => c.camera)).toEqual(["b"]);
    expect(snap.unexported).toEqual({ devices: 0, cameras: 0 });
  });

  it("keeps an offline device as offline without figures", () => {
    const { figures: f } = figures();
    f.heartbeat("s", "d1", health(["a"]));
    f.availability("s", "d1", false);
    const snap = f.snapshot();
    expect(snap.devices).toEqual([{ site: "s", device: "d1", online: false, fresh: undefined }]);
    expect(snap.cameras).toEqual([]);
    expect(snap.totals).toEqual({ online: 0, offline: 1 });
    f.heartbeat("s", "d1", health(["a"]));
    expect(f.snapshot().devices[0]?.online).toBe(true);
  });

  it("turns a silent device offline, then forgets it", () => {
    const { clock, figures: f } = figures({ silentAfterMs: 60_000, forgetAfterMs: 600_000 });
    f.heartbeat("s", "d1", health(["a"]));
    clock.now += 60_000;
    expect(f.snapshot().devices[0]?.online).toBe(true);
    clock.now += 1;
    expect(f.snapshot().devices).toEqual([{ site: "s", device: "d1", online: false, fresh: undefined }]);
    expect(f.snapshot().cameras).toEqual([]);
    clock.now += 600_000;
    const snap = f.snapshot();
    expect(snap.devices).toEqual([]);
    expect(snap.totals).toEqual({ online: 0, offline: 0 });
  });

  it("has no figures for a device that only said it is online", () => {
    const { figures: f } = figures();
    f.availability("s", "d1", true);
    expect(f.snapshot().devices).toEqual([{ site: "s", device: "d1", online: true, fresh: undefined }]);
  });

  it("remembers at most maxTracked devices, forgetting the one heard from longest ago", () => {
    const { clock, figures: f } = figures({ maxTracked: 2 });
    f.heartbeat("s", "d1", health([]));
    clock.now += 1;
    f.heartbeat("s", "d2", health([]));
    clock.now += 1;
    f.heartbeat("s", "d1", health([]));
    clock.now += 1;
    f.heartbeat("s", "d3", health([]));
    expect(f.snapshot().devices.map((d) => d.device)).toEqual(["d1", "d3"]);
  });
});
