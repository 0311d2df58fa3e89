// @vitest-environment node
// A real Socket.IO server on 127.0.0.1 (Node's websocket, no DOM needed): the states and resyncs
// below are what the indicator and every page's reload hang on.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessRevoked } from "@sitewatch/shared-protocol";
import { Server } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ConnectionState, LiveConnection } from "./live-connection.js";

interface FakeHub {
  url: string;
  io: Server;
  /** Tokens the handshake accepts; anything else is refused the way the hub refuses it. */
  valid: Set<string>;
  handshakes: string[];
  close(): Promise<void>;
}

async function startFakeHub(): Promise<FakeHub> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const valid = new Set(["good"]);
  const handshakes: string[] = [];
  io.use((socket, next) => {
    const token = String(socket.handshake.auth.token ?? "");
    handshakes.push(token);
    next(valid.has(token) ? undefined : new Error("UNAUTHENTICATED: token expired"));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    valid,
    handshakes,
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}

let hub: FakeHub;
let live: LiveConnection | undefined;

beforeEach(async () => {
  hub = await startFakeHub();
});
afterEach(async () => {
  live?.stop();
  live = undefined;
  await hub.close();
});

function connect(token: () => string, onUnauthorized?: () => Promise<void>) {
  live = new LiveConnection({ url: hub.url, token, onUnauthorized });
  const states: ConnectionState["state"][] = [];
  let resyncs = 0;
  live.onState((s) => states.push(s.state));
  live.onResync(() => resyncs++);
  live.start();
  return { live, states, resyncs: () => resyncs };
}

describe("LiveConnection", () => {
  it("starts connecting and goes online without a resync on the first connect", async () => {
    const c = connect(() => "good");
    expect(live?.state.state).toBe("connecting");
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"));
    expect(c.states).toEqual(["online"]);
    expect(c.resyncs()).toBe(0);
  });

  it("goes offline when the connection drops, reconnects by itself and asks pages to resync", async () => {
    const c = connect(() => "good");
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"));
    for (const socket of hub.io.sockets.sockets.values()) socket.conn.close();
    await vi.waitFor(() => expect(c.states).toContain("offline"));
    // Socket.IO's first retry comes after about a second (±10 %).
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"), { timeout: 3_000 });
    expect(c.states).toEqual(["online", "offline", "online"]);
    expect(c.resyncs()).toBe(1);
  });

  it("reconnects at once when the hub ends the session itself", async () => {
    const c = connect(() => "good");
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"));
    hub.io.disconnectSockets(true);
    await vi.waitFor(() => expect(c.resyncs()).toBe(1), { timeout: 1_000 });
    expect(c.live.state.state).toBe("online");
  });

  it("refreshes a refused token and tries again with the new one", async () => {
    let token = "expired";
    const onUnauthorized = vi.fn(async () => {
      token = "good";
    });
    const c = connect(() => token, onUnauthorized);
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"), { timeout: 3_000 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(hub.handshakes).toEqual(["expired", "good"]);
  });

  it("backs off while the hub keeps refusing, and stops trying after stop()", async () => {
    const onUnauthorized = vi.fn(async () => {});
    const c = connect(() => "revoked", onUnauthorized);
    await vi.waitFor(() => expect(hub.handshakes.length).toBeGreaterThanOrEqual(2), { timeout: 3_000 });
    // Not a tight loop: the second refusal waits a second before the third try.
    expect(hub.handshakes.length).toBeLessThanOrEqual(3);
    expect(c.live.state).toMatchObject({ state: "offline", reason: "UNAUTHENTICATED: token expired" });
    c.live.stop();
    const tried = hub.handshakes.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(hub.handshakes.length).toBe(tried);
  });

  it("stays offline after stop() and reports it", async () => {
    const c = connect(() => "good");
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"));
    c.live.stop();
    expect(c.live.state.state).toBe("offline");
    await vi.waitFor(async () => expect(await hub.io.fetchSockets()).toHaveLength(0));
  });

  it("keeps the hub's clock offset from its greeting, for latency figures", async () => {
    hub.io.on("connection", (socket) =>
      socket.emit("server:hello", { protocol: 1, instance: "hub-a", serverTime: Date.now() + 60_000 }),
    );
    const c = connect(() => "good");
    expect(c.live.hubClockOffsetMs).toBeUndefined();
    await vi.waitFor(() => expect(c.live.hubClockOffsetMs).toBeDefined());
    expect(c.live.hubClockOffsetMs).toBeGreaterThan(59_000);
    expect(c.live.hubClockOffsetMs).toBeLessThanOrEqual(60_000);
  });

  it("hands FORBIDDEN notices to listeners and keeps the connection for the other sites", async () => {
    const c = connect(() => "good");
    const notices: AccessRevoked[] = [];
    c.live.onAccessRevoked((n) => notices.push(n));
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"));
    const notice = { code: "FORBIDDEN", message: "you no longer have access to site cafe", site: "cafe" };
    hub.io.emit("access:revoked", notice);
    await vi.waitFor(() => expect(notices).toEqual([notice]));
    expect(c.live.state.state).toBe("online");
    expect(hub.handshakes).toEqual(["good"]);
  });
});

describe("LiveConnection when the hub ends the login", () => {
  /** What the hub does when a credential stops working: the notice, then it closes the connection. */
  function revokeAll(token: string, message: string) {
    hub.valid.delete(token);
    for (const socket of hub.io.sockets.sockets.values()) {
      socket.emit("access:revoked", { code: "UNAUTHENTICATED", message });
      socket.disconnect(true);
    }
  }

  it("renews the token before reconnecting, so the refused one is never presented again", async () => {
    let token = "old";
    hub.valid.add("old");
    const notices: AccessRevoked[] = [];
    // A refresh takes a round trip to the hub.
    const onUnauthorized = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 100));
      hub.valid.add("new");
      token = "new";
    });
    const c = connect(() => token, onUnauthorized);
    c.live.onAccessRevoked((n) => notices.push(n));
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"));
    revokeAll("old", "access token expired");
    await vi.waitFor(() => expect(c.resyncs()).toBe(1), { timeout: 2_000 });
    expect(c.live.state.state).toBe("online");
    expect(hub.handshakes).toEqual(["old", "new"]);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(notices).toEqual([{ code: "UNAUTHENTICATED", message: "access token expired" }]);
  });

  it("does not knock again with the revoked token when renewal fails and the app stops", async () => {
    hub.valid.add("old");
    // What the app does when the refresh is refused too: the session ends, which stops the connection.
    const onUnauthorized = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 100));
      live?.stop();
      throw new Error("UNAUTHENTICATED: the account no longer exists or is disabled");
    });
    const c = connect(() => "old", onUnauthorized);
    await vi.waitFor(() => expect(c.live.state.state).toBe("online"));
    revokeAll("old", "the account no longer exists or is disabled");
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 300));
    expect(hub.handshakes).toEqual(["old"]);
    expect(c.live.state.state).toBe("offline");
  });
});
