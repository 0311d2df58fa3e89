// The app shell and login page against a real Socket.IO server playing the hub's `access:revoked`,
// with the real live connection, REST client and session store wired as main.tsx wires them.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Site } from "@sitewatch/hub/api-types";
import { act, cleanup, render, screen } from "@testing-library/react";
import { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "../api/api-client.js";
import { LocalSessionStore } from "../api/session-store.js";
import { LiveConnection } from "../live/live-connection.js";
import { App } from "./app.js";

const site = (id: string, name: string): Site => ({
  id,
  name,
  timezone: "Asia/Seoul",
  alertHeldMinutes: 30,
  alertVacantHours: 4,
  createdAt: "2026-01-01T00:00:00.000Z",
});
const cafe = site("cafe", "Study Café");
const bakery = site("bakery", "Bakery");
const session = (accessToken: string) => ({
  accessToken,
  refreshToken: "r1",
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: { id: "u1", email: "ops@example.com", displayName: "Ops", role: "site_manager", sites: ["cafe"] },
});

type Reply = { status: number; body: unknown };
/** REST answers by "METHOD /path"; a function is called per request, so answers can change. */
function stubFetch(routes: Record<string, () => Reply>) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL, init?: RequestInit) => {
      const key = `${init?.method ?? "GET"} ${new URL(String(input)).pathname}`;
      calls.push(key);
      const reply = routes[key]?.() ?? { status: 404, body: { error: { code: "NOT_FOUND", message: key } } };
      return Response.json(reply.body, { status: reply.status });
    }),
  );
  return calls;
}
const unauthenticated = (message: string): Reply => ({
  status: 401,
  body: { error: { code: "UNAUTHENTICATED", message, requestId: "r" } },
});

let io: Server;
let url: string;
const valid = new Set<string>();
const handshakes: string[] = [];
const joined: string[] = [];
let stopApp: () => void = () => undefined;

beforeEach(async () => {
  const http = createServer();
  io = new Server(http);
  io.use((socket, next) => {
    const token = String(socket.handshake.auth.token ?? "");
    handshakes.push(token);
    next(valid.has(token) ? undefined : new Error("UNAUTHENTICATED: invalid access token"));
  });
  io.on("connection", (socket) => {
    socket.on("site:join", (req: { site: string }, ack: (r: unknown) => void) => {
      joined.push(req.site);
      socket.join(`site:${req.site}`);
      ack({ ok: true, data: { joinedAt: Date.now() } });
    });
    socket.on("site:leave", (_req: unknown, ack: (r: unknown) => void) => ack({ ok: true, data: undefined }));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterEach(async () => {
  cleanup();
  stopApp();
  vi.unstubAllGlobals();
  valid.clear();
  handshakes.length = 0;
  joined.length = 0;
  localStorage.clear();
  await new Promise((resolve) => io.close(() => resolve(undefined)));
});

function renderApp(path: string, locale: "en" | "ko" = "en") {
  history.replaceState(null, "", path);
  const sessions = new LocalSessionStore(undefined);
  sessions.set(session("a1") as never);
  const api = new ApiClient(sessions, "http://hub.test");
  const live = new LiveConnection({
    url,
    token: () => sessions.get()?.accessToken,
    onUnauthorized: () => api.get("/api/v1/auth/me").then(() => undefined),
  });
  const off = sessions.subscribe((s) => (s ? live.start() : live.stop()));
  live.start();
  stopApp = () => {
    off();
    live.stop();
  };
  // The app brings its own locale provider, which reads the user's choice from here.
  localStorage.setItem("sitewatch.locale", locale);
  render(<App services={{ api, sessions, live }} />);
  return { sessions };
}

/** What the hub sends when a credential stops working: the notice, then it closes the connection. */
function endLogin(message: string) {
  valid.clear();
  for (const socket of io.sockets.sockets.values()) {
    socket.emit("access:revoked", { code: "UNAUTHENTICATED", message });
    socket.disconnect(true);
  }
}

describe("access:revoked in the app", () => {
  it("leaves a site the user lost while viewing it, says so, and shows the reloaded site list", async () => {
    valid.add("a1");
    let siteLists = 0;
    const calls = stubFetch({
      "GET /api/v1/sites": () => ({
        status: 200,
        body: { sites: ++siteLists === 1 ? [cafe, bakery] : [bakery] },
      }),
    });
    renderApp("/sites/cafe/nothing-here");
    await vi.waitFor(() => expect(joined).toEqual(["cafe"]));
    expect(screen.queryByRole("alert")).toBeNull();

    const message = "you no longer have access to site cafe";
    act(() => void io.to("site:cafe").emit("access:revoked", { code: "FORBIDDEN", message, site: "cafe" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(`Study Café is no longer available to you: ${message}.`);
    await vi.waitFor(() => expect(location.pathname).toBe("/sites/bakery/map"));
    await vi.waitFor(() => expect(calls.filter((c) => c === "GET /api/v1/sites")).toHaveLength(2));
    const picker = screen.getByLabelText("Site") as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual(["Bakery"]);
    await vi.waitFor(() => expect(joined).toEqual(["cafe", "bakery"]));

    act(() => screen.getByRole("button", { name: "Dismiss" }).click());
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("moves off the lost site at once, even when the site list cannot be reloaded", async () => {
    valid.add("a1");
    let siteLists = 0;
    stubFetch({
      "GET /api/v1/sites": () =>
        ++siteLists === 1
          ? { status: 200, body: { sites: [cafe, bakery] } }
          : { status: 503, body: { error: { code: "INTERNAL", message: "database down", requestId: "r" } } },
    });
    renderApp("/sites/cafe/nothing-here");
    await vi.waitFor(() => expect(joined).toEqual(["cafe"]));
    const notice = { code: "FORBIDDEN", message: "site cafe was deleted", site: "cafe" };
    act(() => void io.emit("access:revoked", notice));
    await vi.waitFor(() => expect(location.pathname).toBe("/sites/bakery/map"));
    await vi.waitFor(() => expect(siteLists).toBe(2));
    // The bakery map's own requests are not stubbed, so its load error may show as a second alert.
    await vi.waitFor(() =>
      expect(screen.getAllByRole("alert").map((a) => a.textContent)).toContainEqual(
        expect.stringContaining("Study Café is no longer available"),
      ),
    );
  });

  it("ignores a FORBIDDEN notice for a site the user is not looking at, apart from the list", async () => {
    valid.add("a1");
    let siteLists = 0;
    stubFetch({
      "GET /api/v1/sites": () => ({
        status: 200,
        body: { sites: ++siteLists === 1 ? [cafe, bakery] : [cafe] },
      }),
    });
    renderApp("/sites/cafe/nothing-here");
    await vi.waitFor(() => expect(joined).toEqual(["cafe"]));
    act(
      () =>
        void io.emit("access:revoked", {
          code: "FORBIDDEN",
          message: "site bakery was deleted",
          site: "bakery",
        }),
    );
    await vi.waitFor(() =>
      expect(
        [...(screen.getByLabelText("Site") as HTMLSelectElement).options].map((o) => o.textContent),
      ).toEqual(["Study Café"]),
    );
    expect(location.pathname).toBe("/sites/cafe/nothing-here");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("goes to the login page with the hub's reason when the refresh fails too (user disabled)", async () => {
    valid.add("a1");
    const reason = "the account no longer exists or is disabled";
    const calls = stubFetch({
      "GET /api/v1/sites": () => ({ status: 200, body: { sites: [cafe] } }),
      "GET /api/v1/auth/me": () => unauthenticated(reason),
      "POST /api/v1/auth/refresh": () => unauthenticated(reason),
    });
    const { sessions } = renderApp("/sites/cafe/nothing-here", "ko");
    await vi.waitFor(() => expect(joined).toEqual(["cafe"]));
    act(() => endLogin(reason));
    const notice = await vi.waitFor(() => {
      const found = document.querySelector("[data-signed-out]");
      if (!found) throw new Error("no sign-out notice yet");
      return found;
    });
    expect(notice.getAttribute("role")).toBe("status");
    expect(notice.textContent).toBe(
      `로그아웃되었습니다: ${reason}. 다시 로그인하거나 관리자에게 문의하세요.`,
    );
    expect(screen.getByRole("button", { name: "로그인" })).toBeDefined();
    expect(sessions.get()).toBeUndefined();
    expect(calls).toContain("POST /api/v1/auth/refresh");
    // The revoked token was not presented to the hub again.
    await new Promise((r) => setTimeout(r, 200));
    expect(handshakes).toEqual(["a1"]);
  });

  it("stays signed in when only the access token expired: the refresh works and the connection returns", async () => {
    valid.add("a1");
    let me = 0;
    stubFetch({
      "GET /api/v1/sites": () => ({ status: 200, body: { sites: [cafe] } }),
      "GET /api/v1/auth/me": () =>
        ++me === 1 ? unauthenticated("access token expired") : { status: 200, body: session("a2").user },
      "POST /api/v1/auth/refresh": () => {
        valid.add("a2");
        return { status: 200, body: session("a2") };
      },
    });
    const { sessions } = renderApp("/sites/cafe/nothing-here");
    await vi.waitFor(() => expect(joined).toEqual(["cafe"]));
    act(() => endLogin("access token expired"));
    await vi.waitFor(() => expect(joined).toEqual(["cafe", "cafe"]));
    expect(handshakes).toEqual(["a1", "a2"]);
    expect(sessions.get()?.accessToken).toBe("a2");
    expect(document.querySelector("[data-signed-out]")).toBeNull();
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
    expect(screen.getByRole("navigation")).toBeDefined();
  });
});
