import type { Device } from "@sitewatch/hub/api-types";
import { examples, type StorageHealth } from "@sitewatch/shared-protocol";
import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../testing/fake-services.js";
import DevicesPage from "./devices-page.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// A heartbeat as REST gives it: the device:health message without its envelope.
const health = (storage?: StorageHealth) => ({
  ts: Date.now(),
  uptimeS: 60,
  cpuPct: 10,
  memRssMb: 100,
  outboxDepth: 0,
  outboxDropped: 0,
  cameras: [],
  ...(storage && { storage }),
});

function device(id: string, storage?: StorageHealth): Device {
  return {
    id,
    site: "cafe",
    name: `Edge ${id}`,
    status: "active",
    online: true,
    lastSeenAt: Date.now(),
    agentVersion: "0.1.0",
    mqttUsername: `dev-${id}`,
    configRevision: 1,
    health: health(storage),
    latency: { captureToHubMs: null },
    createdAt: Date.parse("2026-11-01T00:00:00.000Z"),
    revokedAt: null,
  };
}

const warning = (id: string) =>
  document.querySelector<HTMLElement>(`[data-device="${id}"] [data-storage]`) ?? undefined;
const beat = (dev: string, storage?: StorageHealth) => ({
  site: "cafe",
  device: dev,
  data: { ...examples.health, storage },
});

describe("storage warning on the devices page", () => {
  it("shows a full or read-only disk from REST and from live heartbeats, and clears when it recovers", async () => {
    const full = {
      state: "full",
      heldInMemory: 1_200,
      droppedEvents: 3,
      error: "ENOSPC: no space left on device, write",
    } as const;
    stubFetch({
      "GET /api/v1/sites/cafe/devices": () => ({
        devices: [
          device("edge-1", full),
          device("edge-2", { state: "ok", heldInMemory: 0, droppedEvents: 0 }),
        ],
      }),
      "GET /api/v1/sites/cafe/enrollment-tokens": () => ({ tokens: [] }),
    });
    const { socket } = renderWithServices(<DevicesPage />);
    await screen.findByRole("heading", { name: "Edge edge-1" });
    expect(warning("edge-1")?.dataset.storage).toBe("full");
    expect(warning("edge-1")?.textContent).toBe(
      "Storage full1,200 events held in memory, 3 dropped" + "ENOSPC: no space left on device, write",
    );
    expect(warning("edge-2")).toBeUndefined();

    // edge-2's data dir turns read-only (in a batch); no error text yet.
    act(() =>
      socket.serverEmit("live:batch", [
        ["device:health", beat("edge-2", { state: "read-only", heldInMemory: 40, droppedEvents: 0 })],
      ]),
    );
    expect(warning("edge-2")?.dataset.storage).toBe("read-only");
    expect(warning("edge-2")?.querySelector("[data-storage-counts]")?.textContent).toBe(
      "40 events held in memory, 0 dropped",
    );
    expect(warning("edge-2")?.querySelector("[data-storage-error]")).toBeNull();

    // Space was freed on edge-1; a heartbeat from an agent without storage reporting clears edge-2's.
    act(() =>
      socket.serverEmit("device:health", beat("edge-1", { state: "ok", heldInMemory: 0, droppedEvents: 3 })),
    );
    act(() => socket.serverEmit("device:health", beat("edge-2")));
    expect(warning("edge-1")).toBeUndefined();
    expect(warning("edge-2")).toBeUndefined();

    // A camera status between heartbeats keeps the storage state of the last one.
    act(() => socket.serverEmit("device:health", beat("edge-1", full)));
    act(() =>
      socket.serverEmit("camera:status", {
        site: "cafe",
        device: "edge-1",
        camera: "cam-03",
        data: examples.cameraStatus,
      }),
    );
    expect(warning("edge-1")?.dataset.storage).toBe("full");
  });

  it("speaks Korean", async () => {
    stubFetch({
      "GET /api/v1/sites/cafe/devices": () => ({
        devices: [
          device("edge-1", { state: "read-only", heldInMemory: 7, droppedEvents: 2, error: "EROFS" }),
        ],
      }),
    });
    renderWithServices(<DevicesPage />, { locale: "ko", role: "site_manager" });
    await screen.findByRole("heading", { name: "Edge edge-1" });
    expect(warning("edge-1")?.textContent).toBe(
      "저장소 읽기 전용메모리에 보관 중인 이벤트 7건, 유실 2건EROFS",
    );
  });
});
