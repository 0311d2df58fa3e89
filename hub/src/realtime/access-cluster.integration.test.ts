import type { AccessRevoked, CameraAddress } from "@sitewatch/shared-protocol";
import { type RealPostgres, startPostgres, useService } from "@sitewatch/testkit";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { userSites, users } from "../db/schema/index.js";
import { createLogger } from "../observability/logger.js";
import { createPostgresAdapter, type PostgresAdapterHandle } from "./postgres-adapter.js";
import {
  connected,
  type Dashboard,
  type SocketFixture,
  seedSites,
  startSocketFixture,
} from "./socket-fixture.test-support.js";

// Two hub instances sharing a database and the Postgres adapter: access changed through instance A
// reaches a dashboard connected to instance B, and B's live view of that dashboard ends.
const pg = useService(() => startPostgres());
const cam: CameraAddress = { site: "site-a", device: "edge-01", camera: "cam-01" };
const watchCalls: boolean[] = [];
let database: Database;
const adapters: PostgresAdapterHandle[] = [];
let hubA: SocketFixture;
let hubB: SocketFixture;

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  if (pg().kind !== "postgres")
    throw new Error("this test needs a PostgreSQL server; testkit fell back to PGlite");
  const url = (pg() as RealPostgres).url;
  database = await openDatabase({ kind: "postgres", url });
  await runMigrations(database);
  await seedSites(database);
  const logger = createLogger("silent");
  for (let i = 0; i < 2; i++) adapters.push(await createPostgresAdapter({ url, logger }));
  hubA = await startSocketFixture({ database, adapter: adapters[0]?.adapter, instanceId: "hub-a" });
  hubB = await startSocketFixture({
    database,
    adapter: adapters[1]?.adapter,
    instanceId: "hub-b",
    onLiveWatch: (_address, watching) => void watchCalls.push(watching),
  });
  const servers = (f: SocketFixture) =>
    (f.server.io.of("/").adapter as unknown as { serverCount(): Promise<number> }).serverCount();
  await until(async () => (await servers(hubA)) === 2 && (await servers(hubB)) === 2);
});

afterAll(async () => {
  await hubA?.close();
  await hubB?.close();
  for (const handle of adapters) await handle.close();
  await database?.close();
});

async function watchingOnB(): Promise<{ client: Dashboard; notices: AccessRevoked[]; userId: string }> {
  const client = hubB.connect(hubB.managerToken);
  const notices: AccessRevoked[] = [];
  client.on("access:revoked", (notice) => notices.push(notice));
  await connected(client);
  expect(await client.timeout(5_000).emitWithAck("site:join", { site: cam.site })).toMatchObject({
    ok: true,
  });
  expect(await client.timeout(5_000).emitWithAck("live:watch", cam)).toMatchObject({ ok: true });
  const { userId } = await hubB.auth.authenticate(hubB.managerToken);
  return { client, notices, userId };
}

describe("access changes across hub instances", () => {
  it("takes a dashboard on another instance out of a site its user lost, ending its live view", async () => {
    const { client, notices, userId } = await watchingOnB();
    expect(watchCalls).toEqual([true]);
    await database.db
      .delete(userSites)
      .where(and(eq(userSites.userId, userId), eq(userSites.siteId, cam.site)));
    hubA.auth.accessEvents.emit({ kind: "user", userId });

    await until(() => notices.length === 1);
    expect(notices[0]).toMatchObject({ code: "FORBIDDEN", site: cam.site });
    await until(() => hubB.server.watchers.viewers(cam) === 0);
    expect(watchCalls).toEqual([true, false]);
    const rooms = hubB.server.io.of("/").adapter.rooms;
    expect(rooms.has(`site:${cam.site}`)).toBe(false);
    expect(client.connected).toBe(true);
    client.disconnect();
  });

  it("closes a disabled user's dashboard on another instance", async () => {
    const client = hubB.connect(hubB.adminToken);
    await connected(client);
    let reason: string | undefined;
    client.once("disconnect", (r) => {
      reason = r;
    });
    const { userId } = await hubB.auth.authenticate(hubB.adminToken);
    await database.db.update(users).set({ disabled: true }).where(eq(users.id, userId));
    hubA.auth.accessEvents.emit({ kind: "user", userId });

    await until(() => reason !== undefined);
    expect(reason).toBe("io server disconnect");
    // The notice travels apart from the disconnect between instances, so it is not asserted here;
    // the reconnect learns the reason anyway.
    await expect(connected(hubB.connect(hubB.adminToken))).rejects.toThrow(
      /UNAUTHENTICATED: the account no longer exists or is disabled/,
    );
  });
});
