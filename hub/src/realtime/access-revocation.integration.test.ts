import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AccessFixture,
  cam,
  type Dashboard,
  sleep,
  startAccessFixture,
  until,
} from "./access-fixture.test-support.js";

// Access changed through the REST API: the hub re-checks the affected open connections at once.
let fx: AccessFixture;
beforeAll(async () => {
  fx = await startAccessFixture();
}, 60_000);
afterAll(() => fx?.close());

/** Joined to cafe-1 and watching its camera, with the device told to start streaming. */
async function watching(token: string): Promise<{ socket: Dashboard; session: string }> {
  const socket = await fx.connect(token);
  expect(await socket.timeout(5_000).emitWithAck("site:join", { site: cam.site })).toMatchObject({
    ok: true,
  });
  const watched = await socket.timeout(5_000).emitWithAck("live:watch", cam);
  if (!watched.ok) throw new Error(watched.error.message);
  const { session } = watched.data;
  await until(() => fx.commands.some((c) => c.name === "liveStart" && c.session === session));
  return { socket, session };
}

const stopped = (session: string) =>
  until(() => fx.commands.some((c) => c.name === "liveStop" && c.session === session));

/** Health events the socket receives from now on. */
function healthOf(socket: Dashboard): unknown[] {
  const seen: unknown[] = [];
  socket.on("device:health", (event) => seen.push(event));
  return seen;
}

describe("access revoked while a dashboard is connected", () => {
  it("closes the connections of an API token revoked over REST and ends their live view", async () => {
    const manager = await fx.newManager();
    const created = await fx.rest("POST", "/api/v1/tokens", { name: "wall screen" }, manager.token);
    expect(created.status).toBe(201);
    const { socket, session } = await watching(created.body.token);
    const other = await fx.connect(manager.token);

    const revoked = await fx.rest("DELETE", `/api/v1/tokens/${created.body.id}`, undefined, manager.token);
    expect(revoked.status).toBe(200);
    expect(await socket.closed()).toBe("io server disconnect");
    expect(socket.notices).toEqual([{ code: "UNAUTHENTICATED", message: "API token was revoked" }]);
    await stopped(session);
    expect(fx.hub.parts.socket.watchers.viewers(cam)).toBe(0);
    // The same user's JWT connection did not use that token and stays.
    await sleep(100);
    expect(other.connected).toBe(true);
    expect(other.notices).toEqual([]);
    other.disconnect();
  });

  it("closes a disabled user's connections and ends their live view", async () => {
    const manager = await fx.newManager();
    const { socket, session } = await watching(manager.token);
    const disabled = await fx.rest("PATCH", `/api/v1/users/${manager.id}`, { disabled: true }, fx.adminToken);
    expect(disabled.status).toBe(200);
    expect(await socket.closed()).toBe("io server disconnect");
    expect(socket.notices).toEqual([
      { code: "UNAUTHENTICATED", message: "the account no longer exists or is disabled" },
    ]);
    await stopped(session);
    await expect(fx.connect(manager.token)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it("takes a connection out of a site removed from the user: no more pushes, joins or live views", async () => {
    const manager = await fx.newManager();
    const { socket, session } = await watching(manager.token);
    const admin = await fx.connect(fx.adminToken);
    await admin.timeout(5_000).emitWithAck("site:join", { site: cam.site });
    const managerHealth = healthOf(socket);
    const adminHealth = healthOf(admin);
    await fx.publishHealth();
    await until(() => managerHealth.length === 1 && adminHealth.length === 1);

    const changed = await fx.rest("PATCH", `/api/v1/users/${manager.id}`, { sites: [] }, fx.adminToken);
    expect(changed.status).toBe(200);
    await until(() => socket.notices.length === 1);
    expect(socket.notices).toEqual([
      { code: "FORBIDDEN", message: `you no longer have access to site ${cam.site}`, site: cam.site },
    ]);
    await stopped(session);
    expect(socket.connected).toBe(true);

    // The admin still gets the site's events; the manager no longer does.
    await fx.publishHealth();
    await until(() => adminHealth.length === 2);
    await sleep(200);
    expect(managerHealth).toHaveLength(1);

    const starts = fx.commands.length;
    const join = await socket.timeout(5_000).emitWithAck("site:join", { site: cam.site });
    expect(join).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const watch = await socket.timeout(5_000).emitWithAck("live:watch", cam);
    expect(watch).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    await sleep(300);
    expect(fx.commands.slice(starts)).toEqual([]);
    expect(fx.hub.parts.socket.watchers.viewers(cam)).toBe(0);
    socket.disconnect();
    admin.disconnect();
  });

  it("takes every connection out of a deleted site, admins' too", async () => {
    await fx.rest("POST", "/api/v1/sites", { id: "cafe-2", name: "Closing" }, fx.adminToken);
    const admin = await fx.connect(fx.adminToken);
    expect(await admin.timeout(5_000).emitWithAck("site:join", { site: "cafe-2" })).toMatchObject({
      ok: true,
    });
    expect((await fx.rest("DELETE", "/api/v1/sites/cafe-2", undefined, fx.adminToken)).status).toBe(200);
    await until(() => admin.notices.length === 1);
    expect(admin.notices).toEqual([
      { code: "FORBIDDEN", message: "site cafe-2 was deleted", site: "cafe-2" },
    ]);
    const rooms = fx.hub.parts.socket.io.of("/").adapter.rooms;
    expect(rooms.has("site:cafe-2")).toBe(false);
    expect(admin.connected).toBe(true);
    admin.disconnect();
  });
});
