import type { Device } from "@sitewatch/hub/api-types";
import { examples } from "@sitewatch/shared-protocol";
import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithServices, stubFetch } from "../../testing/fake-services.js";
import DevicesPage from "./devices-page.js";

// A device card's agent facts: the version that runs and the config revision it applied against the
// hub's, from the REST list and then from live heartbeats.

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

describe("DeviceCard", () => {
  it("shows each agent's version and the config revision it applied, warning when it is behind", async () => {
    const { v: _v, id: _id, seq: _seq, ...heartbeat } = examples.health;
    const beat = (patch: Partial<typeof heartbeat>) => ({ ...heartbeat, ts: Date.now(), ...patch });
    stubFetch({
      "GET /api/v1/sites/cafe/devices": () => ({
        devices: [
          device("behind", {
            online: true,
            agentVersion: "0.1.0",
            configRevision: 3,
            health: beat({ agentVersion: "0.2.0", configRevision: 2 }),
          }),
          device("current", { configRevision: 3, health: beat({ configRevision: 3 }) }),
          device("local", { configRevision: 0, health: beat({ configRevision: 0 }) }),
          device("old", {
            agentVersion: "0.0.9",
            configRevision: 2,
            health: beat({ agentVersion: undefined, configRevision: undefined }),
          }),
        ],
      }),
      "GET /api/v1/sites/cafe/enrollment-tokens": () => ({ tokens: [] }),
    });
    const { socket } = renderWithServices(<DevicesPage />);
    await screen.findByRole("heading", { name: "Edge behind" });
    const version = (id: string) => card(id).querySelector("[data-agent-version]")?.textContent;
    const revision = (id: string) => card(id).querySelector<HTMLElement>("[data-config-revision]");
    // The heartbeat's version is the running agent's; the availability's may be an older start's.
    expect(version("behind")).toBe("0.2.0");
    expect(revision("behind")?.textContent).toBe("revision 2 of 3 applied");
    expect(revision("behind")?.className).toBe("warning");
    expect(revision("behind")?.dataset.behind).toBe("true");
    expect(revision("behind")?.title).toMatch(/has not applied the hub's latest configuration/);
    expect(revision("current")?.textContent).toBe("revision 3 of 3 applied");
    expect(revision("current")?.className).toBe("");
    expect(revision("local")?.textContent).toBe("local file (nothing pushed yet)");
    expect(version("old")).toBe("0.0.9");
    expect(revision("old")?.textContent).toBe("revision 2 at the hub; not reported by this agent");
    expect(revision("old")?.dataset.behind).toBe("false");

    // The device applies the push: its next heartbeat clears the warning.
    act(() =>
      socket.serverEmit("device:health", {
        site: "cafe",
        device: "behind",
        data: { ...examples.health, ts: Date.now(), agentVersion: "0.2.0", configRevision: 3 },
      }),
    );
    expect(revision("behind")?.textContent).toBe("revision 3 of 3 applied");
    expect(revision("behind")?.dataset.behind).toBe("false");
  });
});
