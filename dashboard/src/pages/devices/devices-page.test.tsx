import type { Device } from "@sitewatch/hub/api-types";
import { examples } from "@sitewatch/shared-protocol";
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../testing/fake-services.js";
import DevicesPage from "./devices-page.js";

function device(id: string, patch: Partial<Device> = {}): Device {
  return {
    id,
    site: "cafe",
    name: `Edge ${id}`,
    status: "active",
    online: false,
    lastSeenAt: null,
    agentVersion: null,
    mqttUsername: `dev-${id}`,
    configRevision: 1,
    health: null,
    latency: { captureToHubMs: null },
    createdAt: Date.parse("2026-11-01T00:00:00.000Z"),
    revokedAt: null,
    ...patch,
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const card = (id: string) => document.querySelector<HTMLElement>(`[data-device="${id}"]`) as HTMLElement;
const cell = (dev: string, camera: string, col: string) =>
  card(dev).querySelector(`[data-camera="${camera}"] [data-col="${col}"]`)?.textContent;

describe("DevicesPage", () => {
  it("renders each device's cameras from its last heartbeat and follows live health events", async () => {
    const lastSeen = Date.now() - 90_000;
    stubFetch({
      "GET /api/v1/sites/cafe/devices": () => ({
        devices: [
          device("edge-1", {
            online: true,
            lastSeenAt: lastSeen,
            agentVersion: "0.1.0",
            health: {
              ts: lastSeen,
              uptimeS: 3_600,
              cpuPct: 63.5,
              memRssMb: 412,
              outboxDepth: 4,
              outboxDropped: 0,
              cameras: [
                {
                  camera: "cam-03",
                  state: "streaming",
                  fps: 0.33,
                  decodeMs: 6.1,
                  inferenceMs: 38.4,
                  queueDepth: 0,
                  droppedFrames: 2,
                },
              ],
            },
          }),
          device("edge-2"),
        ],
      }),
      "GET /api/v1/sites/cafe/devices/edge-3": () => device("edge-3", { name: "Gate box" }),
      "GET /api/v1/sites/cafe/enrollment-tokens": () => ({ tokens: [] }),
    });
    const { socket } = renderWithServices(<DevicesPage />);
    const table = await screen.findByRole("table", { name: "Cameras of Edge edge-1" });
    expect(within(table).getByRole("rowheader").textContent).toBe("cam-03");
    expect(cell("edge-1", "cam-03", "fps")).toBe("0.3");
    expect(cell("edge-1", "cam-03", "inference")).toBe("38.4");
    expect(cell("edge-1", "cam-03", "dropped")).toBe("2");
    expect(card("edge-1").querySelector("[data-status]")?.textContent).toContain("online");
    expect(card("edge-1").querySelector("[data-last-seen]")?.textContent).toBe("1 min ago");
    expect(card("edge-2").dataset.online).toBe("false");
    expect(card("edge-2").textContent).toContain("never");

    // edge-2's first heartbeat, inside a batch: online, with its camera's figures.
    const beat = {
      ...examples.health,
      cameras: [{ ...examples.health.cameras[0], camera: "cam-07", fps: 4.5, queueDepth: 3 }],
    };
    act(() =>
      socket.serverEmit("live:batch", [["device:health", { site: "cafe", device: "edge-2", data: beat }]]),
    );
    expect(card("edge-2").dataset.online).toBe("true");
    expect(cell("edge-2", "cam-07", "fps")).toBe("4.5");
    expect(cell("edge-2", "cam-07", "queue")).toBe("3");
    expect(card("edge-2").querySelector("[data-last-seen]")?.textContent).toBe("0 s ago");

    // A camera's state changes between heartbeats: the status is newer, the figures stay the heartbeat's.
    const status = (camera: string) => ({
      site: "cafe",
      device: "edge-1",
      camera,
      data: { ...examples.cameraStatus, ts: Date.now() },
    });
    act(() => socket.serverEmit("camera:status", status("cam-03")));
    expect(card("edge-1").querySelector('[data-camera="cam-03"]')?.getAttribute("data-state")).toBe(
      "reconnecting",
    );
    expect(cell("edge-1", "cam-03", "fps")).toBe("0.3");
    // A camera no heartbeat listed yet shows its state, without figures.
    act(() => socket.serverEmit("camera:status", status("cam-04")));
    expect(card("edge-1").querySelector('[data-camera="cam-04"]')?.getAttribute("data-state")).toBe(
      "reconnecting",
    );
    expect(cell("edge-1", "cam-04", "fps")).toBe("–");

    act(() =>
      socket.serverEmit("device:availability", {
        site: "cafe",
        device: "edge-1",
        data: { v: 1, state: "offline", ts: Date.now() },
      }),
    );
    expect(card("edge-1").querySelector("[data-status]")?.textContent).toContain("offline");

    // A device enrolled after the page loaded is fetched when it first speaks.
    act(() =>
      socket.serverEmit("device:availability", {
        site: "cafe",
        device: "edge-3",
        data: examples.availability,
      }),
    );
    expect((await screen.findByRole("heading", { name: "Gate box" })).textContent).toBe("Gate box");
  });

  it("creates an enrolment token and shows it once with the installer's command", async () => {
    const calls = stubFetch({
      "GET /api/v1/sites/cafe/devices": () => ({ devices: [] }),
      "GET /api/v1/sites/cafe/enrollment-tokens": () => ({ tokens: [] }),
      "POST /api/v1/sites/cafe/enrollment-tokens": () => ({
        id: "tok-1",
        site: "cafe",
        note: "front desk",
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        usedAt: null,
        usedByDevice: null,
        createdAt: new Date().toISOString(),
        state: "active",
        token: "swe_secret_123",
      }),
    });
    renderWithServices(<DevicesPage />);
    await userEvent.type(await screen.findByLabelText("Note (e.g. where the device goes)"), "front desk");
    await userEvent.selectOptions(screen.getByLabelText("Valid for"), "1 h");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    const created = await screen.findByRole("status");
    expect(created.querySelector('[data-copy="token"]')?.textContent).toBe("swe_secret_123");
    expect(created.querySelector('[data-copy="command"]')?.textContent).toBe(
      `edge-agent init --hub ${location.origin} --token swe_secret_123`,
    );
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ expiresInS: 3_600, note: "front desk" });
    // The list is loaded again after creating.
    expect(
      calls.filter((c) => c.url.pathname.endsWith("/enrollment-tokens") && c.method === "GET").length,
    ).toBe(2);
  });

  it("tells a site manager that tokens are for administrators", async () => {
    stubFetch({ "GET /api/v1/sites/cafe/devices": () => ({ devices: [] }) });
    renderWithServices(<DevicesPage />, { role: "site_manager", locale: "ko" });
    expect((await screen.findByText("관리자만 등록 토큰을 보고 만들 수 있습니다.")).textContent).toBeTruthy();
    expect(screen.queryByRole("button", { name: "토큰 만들기" })).toBeNull();
  });

  it("shows camera → hub from the hub and measures camera → this dashboard from live seat changes", async () => {
    stubFetch({
      "GET /api/v1/sites/cafe/devices": () => ({
        devices: [
          device("edge-1", { latency: { captureToHubMs: { p50: 180, p95: 420, max: 900, samples: 37 } } }),
          device("edge-2"),
        ],
      }),
      "GET /api/v1/sites/cafe/enrollment-tokens": () => ({ tokens: [] }),
    });
    const { socket } = renderWithServices(<DevicesPage />);
    await screen.findByRole("heading", { name: "Edge edge-1" });
    const fact = (dev: string, which: string) =>
      card(dev).querySelector<HTMLElement>(`[data-latency="${which}"]`) as HTMLElement;
    expect(fact("edge-1", "hub").textContent).toBe("180 ms median, 420 ms p95");
    expect(fact("edge-2", "hub").textContent).toBe("no seat changes yet");
    expect(fact("edge-1", "dashboard").textContent).toBe("waiting for a seat change");

    // The browser clock runs 5 s behind the hub's; the greeting after a reconnect says by how much.
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now);
    act(() => socket.serverEmit("server:hello", { protocol: 1, instance: "hub-a", serverTime: now + 5_000 }));
    const change = (device: string, ageOnHubClock: number | undefined) => ({
      site: "cafe",
      device,
      camera: "cam-1",
      data: {
        ...examples.seatChange,
        capturedAt: ageOnHubClock === undefined ? undefined : now + 5_000 - ageOnHubClock,
      },
    });
    act(() => socket.serverEmit("seat:change", change("edge-1", 300)));
    act(() => socket.serverEmit("live:batch", [["seat:change", change("edge-1", 100)]]));
    act(() => socket.serverEmit("seat:change", change("edge-1", 200)));
    // No capture time (the camera went down), another site's device, a replayed backlog: not counted.
    act(() => socket.serverEmit("seat:change", change("edge-1", undefined)));
    act(() => socket.serverEmit("seat:change", { ...change("edge-1", 50), site: "other" }));
    act(() => socket.serverEmit("seat:change", change("edge-1", 3_600_000)));
    expect(fact("edge-1", "dashboard").textContent).toBe("200 ms median (3 changes)");
    expect(fact("edge-1", "dashboard").dataset.corrected).toBe("true");
    expect(fact("edge-2", "dashboard").textContent).toBe("waiting for a seat change");
  });
});
