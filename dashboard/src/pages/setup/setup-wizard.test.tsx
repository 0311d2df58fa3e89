import type { Device, SetupStatus, Site } from "@sitewatch/hub/api-types";
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../testing/fake-services.js";
import { SetupWizard } from "./setup-wizard.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const status = (patch: Partial<SetupStatus> = {}): SetupStatus => ({
  sites: 0,
  firstSite: null,
  devices: 0,
  devicesOnline: 0,
  enrollmentTokens: 0,
  mustChangePassword: false,
  usersMustChangePassword: false,
  steps: [],
  nextStep: "create-site",
  ...patch,
});
const site: Site = {
  id: "gangnam",
  name: "Gangnam",
  timezone: "Asia/Seoul",
  alertHeldMinutes: 30,
  alertVacantHours: 4,
  createdAt: "2026-12-05T00:00:00.000Z",
};
const device = (online: boolean): Device => ({
  id: "edge-1",
  site: "gangnam",
  name: "Edge one",
  status: "active",
  online,
  lastSeenAt: online ? Date.now() : null,
  agentVersion: "0.1.0",
  mqttUsername: "dev",
  configRevision: 1,
  health: null,
  latency: { captureToHubMs: null },
  createdAt: Date.now(),
  revokedAt: null,
});

describe("SetupWizard", () => {
  it("leads from the first site through an enrolment token to the first device online", async () => {
    const calls = stubFetch({
      "GET /api/v1/setup": () => status(),
      "POST /api/v1/sites": (_u, init) => ({ ...site, ...JSON.parse(String(init?.body)) }),
      "GET /api/v1/sites/gangnam/enrollment-tokens": () => ({ tokens: [] }),
      "POST /api/v1/sites/gangnam/enrollment-tokens": () => ({
        id: "t1",
        state: "active",
        token: "enr_first",
      }),
      "GET /api/v1/sites/gangnam/devices": () => ({ devices: [] }),
      "GET /api/v1/sites/gangnam/devices/edge-1": () => device(false),
    });
    const done = vi.fn();
    const { socket } = renderWithServices(<SetupWizard onDone={done} />);
    const current = () => document.querySelector('[aria-current="step"]')?.textContent;
    expect(current()).toBe("Create the first site");

    await userEvent.type(screen.getByLabelText("Name"), "Gangnam");
    await userEvent.click(screen.getByRole("button", { name: "Create site" }));
    await screen.findByRole("button", { name: "Create token" });
    expect(current()).toBe("Create an enrolment token");
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ id: "gangnam", name: "Gangnam" });

    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    const created = await screen.findByRole("status");
    expect(created.querySelector('[data-copy="command"]')?.textContent).toBe(
      `edge-agent init --hub ${location.origin} --token enr_first`,
    );

    await userEvent.click(screen.getByRole("button", { name: "I ran the command" }));
    expect(current()).toBe("Connect the first device");
    const open = screen.getByRole("button", { name: "Open the seat map" }) as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    await screen.findByText("No device online yet. This page updates by itself.");

    // The device enrols (the wizard loads it) and then says it is online.
    act(() =>
      socket.serverEmit("device:availability", {
        site: "gangnam",
        device: "edge-1",
        data: { v: 1, state: "offline", ts: Date.now() },
      }),
    );
    await screen.findByText("Edge one is enrolled but not online yet.");
    act(() =>
      socket.serverEmit("device:availability", {
        site: "gangnam",
        device: "edge-1",
        data: { v: 1, state: "online", ts: Date.now() },
      }),
    );
    expect(within(await screen.findByRole("status")).getByText(/Edge one is online/)).toBeTruthy();
    expect(open.disabled).toBe(false);
    await userEvent.click(open);
    expect(done).toHaveBeenCalledWith(expect.objectContaining({ id: "gangnam" }));
  });

  it("resumes at the device step with the hub's first site, and polls until a device is online", async () => {
    let devices: Device[] = [];
    stubFetch({
      "GET /api/v1/setup": () => status({ sites: 1, firstSite: "gangnam", nextStep: "device-online" }),
      "GET /api/v1/sites/gangnam": () => site,
      "GET /api/v1/sites/gangnam/devices": () => ({ devices }),
    });
    renderWithServices(<SetupWizard onDone={() => undefined} />);
    await screen.findByText("Waiting for a device of Gangnam to come online…");
    devices = [device(true)];
    // No live event: the poll finds it.
    await screen.findByText(/Edge one is online/, undefined, { timeout: 5_000 });
  });
});
