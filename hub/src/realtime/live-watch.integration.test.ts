import type { CameraAddress } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  connected,
  type Dashboard,
  type SocketFixture,
  startSocketFixture,
} from "./socket-fixture.test-support.js";

const cam: CameraAddress = { site: "site-a", device: "edge-01", camera: "cam-01" };
const calls: { address: CameraAddress; watching: boolean; session: string }[] = [];
let fx: SocketFixture;

beforeAll(async () => {
  fx = await startSocketFixture({
    onLiveWatch: (address, watching, session) => {
      calls.push({ address, watching, session });
    },
  });
});
afterAll(() => fx.close());
beforeEach(() => {
  calls.length = 0;
});

async function dashboard(token = fx.adminToken): Promise<Dashboard> {
  const client = fx.connect(token);
  await connected(client);
  return client;
}

/** The hook runs when the server handles the request; the next ack round-trip proves it has. */
async function settle(client: Dashboard): Promise<void> {
  await client.timeout(5_000).emitWithAck("alert:acknowledge", { id: "sync" });
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("live watch", () => {
  it("starts one session for two viewers and stops it when both unwatch", async () => {
    const one = await dashboard();
    const two = await dashboard();
    const first = await one.timeout(5_000).emitWithAck("live:watch", cam);
    const second = await two.timeout(5_000).emitWithAck("live:watch", cam);
    expect(first).toMatchObject({ ok: true });
    // Both viewers share the camera's one session.
    expect(second).toEqual(first);
    expect(calls).toEqual([{ address: cam, watching: true, session: expect.any(String) }]);
    expect(fx.server.watchers.viewers(cam)).toBe(2);

    await one.timeout(5_000).emitWithAck("live:unwatch", cam);
    expect(calls).toHaveLength(1);
    await two.timeout(5_000).emitWithAck("live:unwatch", cam);
    expect(calls.map((c) => c.watching)).toEqual([true, false]);
    expect(calls[1]?.session).toBe(calls[0]?.session);
    one.disconnect();
    two.disconnect();
  });

  it("counts a viewer that disconnects as gone", async () => {
    const one = await dashboard();
    const two = await dashboard();
    await one.timeout(5_000).emitWithAck("live:watch", cam);
    await two.timeout(5_000).emitWithAck("live:watch", cam);
    // Watching twice from one dashboard is still one viewer.
    await two.timeout(5_000).emitWithAck("live:watch", cam);
    one.disconnect();
    await settle(two);
    await until(() => fx.server.watchers.viewers(cam) === 1);
    expect(calls.map((c) => c.watching)).toEqual([true]);
    two.disconnect();
    await until(() => calls.length === 2);
    expect(calls.map((c) => c.watching)).toEqual([true, false]);
    expect(fx.server.watchers.viewers(cam)).toBe(0);
  });

  it("refuses cameras of other sites and cameras that do not exist, without starting anything", async () => {
    const manager = await dashboard(fx.managerToken);
    const other = await manager.timeout(5_000).emitWithAck("live:watch", { ...cam, site: "site-b" });
    expect(other).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const missing = await manager.timeout(5_000).emitWithAck("live:watch", { ...cam, camera: "cam-99" });
    expect(missing).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const unwatched = await manager.timeout(5_000).emitWithAck("live:unwatch", cam);
    expect(unwatched).toEqual({ ok: true });
    expect(calls).toEqual([]);
    manager.disconnect();
  });

  it("keeps serving when the hook fails", async () => {
    const failing = await startSocketFixture({
      onLiveWatch: async () => {
        throw new Error("device offline");
      },
    });
    try {
      const client = failing.connect(failing.adminToken);
      await connected(client);
      expect(await client.timeout(5_000).emitWithAck("live:watch", cam)).toMatchObject({ ok: true });
      expect(await client.timeout(5_000).emitWithAck("live:unwatch", cam)).toEqual({ ok: true });
      expect(client.connected).toBe(true);
    } finally {
      await failing.close();
    }
  });
});
