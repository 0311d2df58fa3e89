import type { Camera, Device } from "@sitewatch/hub/api-types";
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../testing/fake-services.js";
import SettingsPage from "./settings-page.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const device: Device = {
  id: "edge-1",
  site: "cafe",
  name: "Front room",
  status: "active",
  online: true,
  lastSeenAt: Date.now(),
  agentVersion: "0.4.2",
  mqttUsername: "dev-edge-1",
  configRevision: 7,
  health: null,
  latency: { captureToHubMs: null },
  createdAt: Date.parse("2026-11-01T00:00:00.000Z"),
  revokedAt: null,
};
const camera = {
  site: "cafe",
  device: "edge-1",
  id: "cam-1",
  name: "Window",
  role: "seats",
  url: "rtsp://user:***@10.0.0.5/stream",
  sampleIntervalMs: 3000,
  enabled: true,
  state: "streaming",
  reason: null,
  stateAt: null,
  stream: { width: null, height: null, codec: null, fps: null },
  createdAt: "2026-11-01T00:00:00.000Z",
} as unknown as Camera;

function routes() {
  return {
    "GET /api/v1/sites/cafe/devices": () => ({ devices: [device] }),
    "GET /api/v1/sites/cafe/cameras": () => ({ cameras: [camera] }),
  };
}

describe("SettingsPage", () => {
  it("lets an admin rename a device, re-enrol it and change a camera", async () => {
    const calls = stubFetch({
      ...routes(),
      "PATCH /api/v1/sites/cafe/devices/edge-1": (_u, init) => ({
        ...device,
        ...JSON.parse(String(init?.body)),
      }),
      "POST /api/v1/sites/cafe/devices/edge-1/re-enroll": () => ({
        token: "enr_again_1",
        boundDevice: "edge-1",
      }),
      "PATCH /api/v1/sites/cafe/devices/edge-1/cameras/cam-1": (_u, init) => ({
        ...camera,
        ...JSON.parse(String(init?.body)),
        push: { device: "edge-1", status: "completed", revision: 8 },
      }),
    });
    renderWithServices(<SettingsPage />);
    const card = within(await screen.findByRole("article", { name: "Front room" }));
    expect(card.getByText("0.4.2").dataset.fact).toBe("agent");
    expect(card.getByText("7").dataset.fact).toBe("revision");

    await userEvent.clear(card.getByLabelText("Device name"));
    await userEvent.type(card.getByLabelText("Device name"), "Back room");
    await userEvent.click(card.getByRole("button", { name: "Rename" }));
    await card.findByText("Saved");

    await userEvent.click(card.getByRole("button", { name: "Re-enrol" }));
    const command = await vi.waitFor(() => {
      const el = document.querySelector('[data-reenroll="edge-1"] [data-copy="command"]');
      if (!el) throw new Error("no command yet");
      return el;
    });
    expect(command.textContent).toBe(
      `edge-agent init --hub ${location.origin} --token enr_again_1 --device edge-1`,
    );

    await userEvent.selectOptions(card.getByLabelText("Role: cam-1"), "gate");
    await userEvent.click(card.getByLabelText("Enabled: cam-1"));
    const interval = card.getByLabelText("Sample interval (ms): cam-1");
    await userEvent.clear(interval);
    await userEvent.type(interval, "1500");
    const row = within(document.querySelector('[data-camera="cam-1"]') as HTMLElement);
    await userEvent.click(row.getByRole("button", { name: "Save" }));
    expect((await row.findByRole("status")).textContent).toBe("Device: completed");

    const bodies = calls.filter((c) => c.method !== "GET").map((c) => [c.method, c.url.pathname, c.body]);
    expect(bodies).toEqual([
      ["PATCH", "/api/v1/sites/cafe/devices/edge-1", { name: "Back room" }],
      ["POST", "/api/v1/sites/cafe/devices/edge-1/re-enroll", {}],
      [
        "PATCH",
        "/api/v1/sites/cafe/devices/edge-1/cameras/cam-1",
        { name: "Window", role: "gate", enabled: false, sampleIntervalMs: 1500 },
      ],
    ]);
  });

  it("revokes a device only after a second click", async () => {
    const calls = stubFetch({
      ...routes(),
      "POST /api/v1/sites/cafe/devices/edge-1/revoke": () => ({ ...device, status: "revoked" }),
    });
    renderWithServices(<SettingsPage />);
    const card = within(await screen.findByRole("article", { name: "Front room" }));
    await userEvent.click(card.getByRole("button", { name: "Revoke" }));
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    expect(card.getByText(/It can no longer connect/)).toBeTruthy();
    await userEvent.click(card.getByRole("button", { name: "Revoke" }));
    await vi.waitFor(() => expect(calls.filter((c) => c.method === "POST").length).toBe(1));
  });

  it("shows a site manager the site's settings read-only", async () => {
    stubFetch(routes());
    renderWithServices(<SettingsPage />, { role: "site_manager", locale: "ko" });
    await screen.findByRole("article", { name: "Front room" });
    expect(screen.getByText("관리자만 이 설정을 바꿀 수 있습니다.")).toBeTruthy();
    expect((screen.getByLabelText("이름") as HTMLInputElement).value).toBe("Study Café");
    expect((screen.getByLabelText("시간대") as HTMLSelectElement).value).toBe("Asia/Seoul");
    for (const input of document.querySelectorAll("input, select"))
      expect((input as HTMLInputElement).disabled, input.outerHTML).toBe(true);
    expect(screen.queryAllByRole("button")).toEqual([]);
  });
});
