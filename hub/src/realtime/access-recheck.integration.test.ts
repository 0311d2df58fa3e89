import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, userSites, users } from "../db/schema/index.js";
import {
  type AccessFixture,
  cam,
  type Dashboard,
  sleep,
  startAccessFixture,
} from "./access-fixture.test-support.js";

// Access changed behind the hub's back (another hub instance, a script on the database): no one tells
// the open connections, so each request must check the credential as it is now, not at the handshake.
let fx: AccessFixture;
beforeAll(async () => {
  fx = await startAccessFixture();
}, 60_000);
afterAll(() => fx?.close());

const db = () => fx.hub.parts.database.db;

/** The request must be refused without the device being asked to stream. */
async function refusedWatch(socket: Dashboard, code: string): Promise<void> {
  const before = fx.commands.length;
  const watch = await socket.timeout(5_000).emitWithAck("live:watch", cam);
  expect(watch).toMatchObject({ ok: false, error: { code } });
  // A granted watch reaches the device within milliseconds; this leaves it ample time to show up.
  await sleep(300);
  expect(fx.commands.slice(before)).toEqual([]);
  expect(fx.hub.parts.socket.watchers.viewers(cam)).toBe(0);
}

describe("every socket request re-checks access", () => {
  it("refuses live:watch on a connection whose API token was revoked, and closes it", async () => {
    const manager = await fx.newManager();
    const created = await fx.rest("POST", "/api/v1/tokens", { name: "script" }, manager.token);
    const socket = await fx.connect(created.body.token);
    expect(await socket.timeout(5_000).emitWithAck("site:join", { site: cam.site })).toMatchObject({
      ok: true,
    });
    await db().update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, created.body.id));

    await refusedWatch(socket, "UNAUTHENTICATED");
    expect(await socket.closed()).toBe("io server disconnect");
    expect(socket.notices).toEqual([{ code: "UNAUTHENTICATED", message: "API token was revoked" }]);
  });

  it("refuses site:join on a disabled user's connection, and closes it", async () => {
    const manager = await fx.newManager();
    const socket = await fx.connect(manager.token);
    await db().update(users).set({ disabled: true }).where(eq(users.id, manager.id));

    const join = await socket.timeout(5_000).emitWithAck("site:join", { site: cam.site });
    expect(join).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    expect(await socket.closed()).toBe("io server disconnect");
  });

  it("refuses live:watch and site:join for a site removed from the user, keeping the connection", async () => {
    const manager = await fx.newManager();
    const socket = await fx.connect(manager.token);
    const where = and(eq(userSites.userId, manager.id), eq(userSites.siteId, cam.site));
    await db().delete(userSites).where(where);

    await refusedWatch(socket, "FORBIDDEN");
    const join = await socket.timeout(5_000).emitWithAck("site:join", { site: cam.site });
    expect(join).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });
});

describe("JWT connections", () => {
  let short: AccessFixture;
  beforeAll(async () => {
    short = await startAccessFixture({ JWT_ACCESS_TTL_S: "2" });
  }, 60_000);
  afterAll(() => short?.close());

  it("are closed when the access token expires, with the reason", async () => {
    // Logged in through REST, so the token carries the configured 2 s lifetime.
    const socket = await short.connect(await short.login());
    const connectedAt = Date.now();
    expect(await socket.timeout(5_000).emitWithAck("site:join", { site: cam.site })).toMatchObject({
      ok: true,
    });
    expect(await socket.closed()).toBe("io server disconnect");
    expect(Date.now() - connectedAt).toBeLessThan(3_000);
    expect(socket.notices).toEqual([{ code: "UNAUTHENTICATED", message: "access token expired" }]);
  });
});
