import type { Session } from "@sitewatch/hub/api-types";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { ApiClient } from "../../api/api-client.js";
import { LocalSessionStore } from "../../api/session-store.js";
import { ServicesProvider } from "../../app/app-context.js";
import { Shell } from "../../app/shell.js";
import { LocaleProvider } from "../../i18n/locale.js";
import type { LiveConnection } from "../../live/live-connection.js";
import { FakeSocket, stubFetch } from "../../testing/fake-services.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const session = (role: "admin" | "site_manager", mustChangePassword: boolean): Session => ({
  accessToken: mustChangePassword ? "old" : "new",
  refreshToken: "r",
  expiresIn: 900,
  user: {
    id: "u1",
    email: "admin@sitewatch.local",
    displayName: "Administrator",
    role,
    sites: [],
    disabled: false,
    mustChangePassword,
    createdAt: "2026-12-05T00:00:00.000Z",
  },
});

/** The shell as main.tsx wires it, at `path`, with the session given. */
function renderShell(start: Session, path = "/") {
  const sessions = new LocalSessionStore(undefined);
  sessions.set(start);
  const api = new ApiClient(sessions, "http://hub.test");
  const live = {
    socket: new FakeSocket(),
    state: { state: "online", since: 0 },
    onResync: () => () => undefined,
    onState: () => () => undefined,
    onAccessRevoked: () => () => undefined,
  } as unknown as LiveConnection;
  const location = memoryLocation({ path, record: true });
  render(
    <LocaleProvider initial="en">
      <ServicesProvider services={{ api, sessions, live }}>
        <Router hook={location.hook}>
          <Shell />
        </Router>
      </ServicesProvider>
    </LocaleProvider>,
  );
  return { sessions, location };
}

describe("first run", () => {
  it("makes a one-time password be changed, then leads an admin without sites to the setup wizard", async () => {
    const calls = stubFetch({
      "POST /api/v1/auth/password": () => session("admin", false),
      "GET /api/v1/sites": () => ({ sites: [] }),
      "GET /api/v1/setup": () => ({ sites: 0, devices: 0, devicesOnline: 0, firstSite: null }),
    });
    const { sessions, location } = renderShell(session("admin", true));
    expect(screen.getByRole("heading", { name: "Choose your password" })).toBeTruthy();
    // Nothing else loads behind the password screen.
    expect(calls).toEqual([]);
    await userEvent.type(screen.getByLabelText("Current (one-time) password"), "printed-initial");
    await userEvent.type(screen.getByLabelText("New password"), "correct-horse-9");
    await userEvent.type(screen.getByLabelText("Repeat the new password"), "correct-horse-8");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(screen.getByRole("alert").textContent).toBe("The two new passwords differ.");
    await userEvent.clear(screen.getByLabelText("Repeat the new password"));
    await userEvent.type(screen.getByLabelText("Repeat the new password"), "correct-horse-9");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));

    expect(await screen.findByRole("heading", { name: "Set up Sitewatch" })).toBeTruthy();
    expect(location.history?.at(-1)).toBe("/setup");
    expect(sessions.get()?.accessToken).toBe("new");
    expect(calls[0]?.body).toEqual({ currentPassword: "printed-initial", newPassword: "correct-horse-9" });
    // The topbar offers the admin area.
    expect(screen.getByRole("link", { name: "Admin" }).getAttribute("href")).toBe("/admin/sites");
  });

  it("tells a site manager without sites to ask an administrator", async () => {
    stubFetch({ "GET /api/v1/sites": () => ({ sites: [] }) });
    const { location } = renderShell(session("site_manager", false), "/setup");
    expect(await screen.findByText(/Ask an administrator to give you access/)).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Admin" })).toBeNull();
    expect(location.history?.at(-1)).toBe("/setup");
  });
});
