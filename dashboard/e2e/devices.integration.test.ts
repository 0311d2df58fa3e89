import { describe, expect, it } from "vitest";
import { browserUnavailable, shot, useE2eSession } from "./harness.js";

// The devices page against a real hub (issue #6, item 6): live health from a simulated device over
// MQTT, and an enrolment token that really enrols a device.
describe.skipIf(browserUnavailable)("devices page", () => {
  const s = useE2eSession({
    site: "plant",
    device: {
      device: "edge-7",
      cameras: [
        {
          id: "cam-1",
          seats: [
            {
              id: "1A",
              polygon: [
                [0.1, 0.1],
                [0.3, 0.1],
                [0.3, 0.3],
              ],
            },
          ],
        },
      ],
    },
    path: "devices",
  });

  it("shows a device online with its camera's pipeline figures after a heartbeat", async () => {
    const card = s.page.locator('[data-device="edge-7"]');
    await card.waitFor();
    await card.locator('[data-status="online"]').waitFor();
    await s.device.publish("health", undefined, {
      uptimeS: 120,
      cpuPct: 41.5,
      memRssMb: 300,
      outboxDepth: 2,
      outboxDropped: 0,
      cameras: [
        {
          camera: "cam-1",
          state: "streaming",
          fps: 5.5,
          decodeMs: 4,
          inferenceMs: 27.3,
          queueDepth: 1,
          droppedFrames: 9,
        },
      ],
    });
    const row = card.locator('[data-camera="cam-1"]');
    await row.waitFor();
    expect(await row.locator('[data-col="fps"]').textContent()).toBe("5.5");
    expect(await row.locator('[data-col="inference"]').textContent()).toBe("27.3");
    expect(await row.locator('[data-col="queue"]').textContent()).toBe("1");
    expect(await row.locator('[data-col="dropped"]').textContent()).toBe("9");
    expect(await card.locator("[data-last-seen]").textContent()).toMatch(/^\d+ s ago$/);

    await s.device.publish("cameraStatus", "cam-1", {
      state: "reconnecting",
      reason: "RTSP timeout",
      attempt: 1,
    });
    await card.locator('[data-camera="cam-1"][data-state="reconnecting"]').waitFor();
    await shot(s.page, "devices");
  });

  it("creates an enrolment token, shows it once, and the token enrols a device", async () => {
    await s.page.getByLabel("Note (e.g. where the device goes)").fill("gate 2");
    await s.page.getByRole("button", { name: "Create token" }).click();
    const created = s.page.getByRole("status");
    const token = (await created.locator('[data-copy="token"]').textContent()) ?? "";
    expect(token.length).toBeGreaterThan(10);
    expect(await created.locator('[data-copy="command"]').textContent()).toBe(
      `edge-agent init --hub ${s.hub.url} --token ${token}`,
    );
    await s.page.locator("tr[data-token]", { hasText: "gate 2" }).waitFor();
    await shot(s.page, "devices-token");

    const res = await fetch(`${s.hub.url}/api/v1/devices/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, deviceId: "edge-8" }),
    });
    expect(res.status).toBe(201);
  });
});
