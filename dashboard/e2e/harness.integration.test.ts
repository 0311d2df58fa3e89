import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashboardHub, type SimDevice, simulatedDevice, startDashboardHub } from "./harness.js";

// The harness itself, without a browser: what the page tests rely on must hold, or their failures
// would point at the wrong place.
describe("dashboard e2e harness", () => {
  let hub: DashboardHub;
  let device: SimDevice;
  const polygon: [number, number][] = [
    [0.1, 0.1],
    [0.3, 0.1],
    [0.3, 0.3],
  ];

  beforeAll(async () => {
    hub = await startDashboardHub({ site: "harness" });
    device = await simulatedDevice(hub, {
      device: "edge-1",
      cameras: [{ id: "cam-1", seats: [{ id: "1A", polygon }] }],
    });
  });
  afterAll(async () => {
    await device?.close();
    await hub?.close();
  });

  it("serves the dashboard at / and for client-side routes", async () => {
    for (const path of ["/", "/sites/harness/map"]) {
      const res = await fetch(`${hub.url}${path}`, { headers: { accept: "text/html" } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it("stores the simulated device's seat changes", async () => {
    await device.seatChange("cam-1", "1A", "unknown", "occupied");
    await expect.poll(() => seatState(hub, "1A"), { timeout: 5_000 }).toBe("occupied");
  });

  it("answers config pushes, so REST writes report completed", async () => {
    const seat = (await hub.api(`/api/v1/sites/${hub.site}/seats`, {
      id: "1B",
      device: "edge-1",
      camera: "cam-1",
      polygon,
    })) as { push: { status: string } };
    expect(seat.push.status).toBe("completed");
  });

  it("answers snapshot requests with a JPEG the hub stores", async () => {
    const stored = await hub.api(`/api/v1/sites/${hub.site}/devices/edge-1/cameras/cam-1/snapshot`, {});
    expect(stored).toMatchObject({ width: 1, height: 1 });
  });

  it("keeps data and ports across restart, and the device reconnects", async () => {
    const url = hub.url;
    await hub.restart();
    expect(hub.url).toBe(url);
    expect(await seatState(hub, "1A")).toBe("occupied");
    await device.seatChange("cam-1", "1A", "occupied", "empty");
    await expect.poll(() => seatState(hub, "1A"), { timeout: 10_000 }).toBe("empty");
  });
});

async function seatState(hub: DashboardHub, seat: string): Promise<string | undefined> {
  const map = (await hub.api(`/api/v1/sites/${hub.site}/seat-map`)) as unknown as {
    seats: { seat: string; state: string }[];
  };
  return map.seats.find((s) => s.seat === seat)?.state;
}
