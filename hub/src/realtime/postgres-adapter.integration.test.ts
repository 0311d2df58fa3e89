import { examples, type LiveEvent } from "@sitewatch/shared-protocol";
import { type RealPostgres, startPostgres, useService } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { createLogger } from "../observability/logger.js";
import { createPostgresAdapter, type PostgresAdapterHandle } from "./postgres-adapter.js";
import {
  connected,
  type SocketFixture,
  seedSites,
  startSocketFixture,
} from "./socket-fixture.test-support.js";

const pg = useService(() => startPostgres());
let database: Database;
const adapters: PostgresAdapterHandle[] = [];
let hubA: SocketFixture;
let hubB: SocketFixture;

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  // The adapter relies on LISTEN/NOTIFY between processes, which only a real server has.
  if (pg().kind !== "postgres")
    throw new Error("this test needs a PostgreSQL server; testkit fell back to PGlite");
  const url = (pg() as RealPostgres).url;
  database = await openDatabase({ kind: "postgres", url });
  await runMigrations(database);
  await seedSites(database);
  const logger = createLogger("silent");
  for (let i = 0; i < 2; i++) adapters.push(await createPostgresAdapter({ url, logger }));
  hubA = await startSocketFixture({ database, adapter: adapters[0]?.adapter, instanceId: "hub-a" });
  hubB = await startSocketFixture({ database, adapter: adapters[1]?.adapter, instanceId: "hub-b" });
  // Each instance announces itself by heartbeat once it listens; before that a broadcast could be missed.
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

describe("postgres adapter", () => {
  it("delivers a broadcast made on hub A to a dashboard connected to hub B", async () => {
    const client = hubB.connect(hubB.adminToken);
    const hello = new Promise<{ instance: string }>((resolve) => client.once("server:hello", resolve));
    await connected(client);
    expect((await hello).instance).toBe("hub-b");
    expect(await client.timeout(5_000).emitWithAck("site:join", { site: "site-a" })).toMatchObject({
      ok: true,
    });
    const received = new Promise<LiveEvent<"seatChange">>((resolve) => client.once("seat:change", resolve));
    hubA.server.broadcaster.live("seatChange", {
      site: "site-a",
      device: "edge-01",
      camera: "cam-01",
      data: examples.seatChange as LiveEvent<"seatChange">["data"],
    });
    expect((await received).data.seat).toBe(examples.seatChange.seat);
    client.disconnect();
  });

  it("carries payloads too large for NOTIFY and still respects rooms", async () => {
    const inB = hubB.connect(hubB.adminToken);
    const otherSite = hubB.connect(hubB.adminToken);
    await Promise.all([connected(inB), connected(otherSite)]);
    await inB.timeout(5_000).emitWithAck("site:join", { site: "site-a" });
    await otherSite.timeout(5_000).emitWithAck("site:join", { site: "site-b" });
    const leaked: string[] = [];
    otherSite.on("camera:snapshot", () => leaked.push("snapshot"));
    const big = { ...examples.snapshot, jpeg: "A".repeat(100_000) } as LiveEvent<"snapshot">["data"];
    const received = new Promise<LiveEvent<"snapshot">>((resolve) => inB.once("camera:snapshot", resolve));
    hubA.server.broadcaster.live("snapshot", {
      site: "site-a",
      device: "edge-01",
      camera: "cam-01",
      data: big,
    });
    expect((await received).data.jpeg).toHaveLength(100_000);
    // A marker to site-b sent afterwards proves the snapshot was not on its way there.
    const marker = new Promise<void>((resolve) => otherSite.once("seat:change", () => resolve()));
    hubA.server.broadcaster.live("seatChange", {
      site: "site-b",
      device: "edge-01",
      camera: "cam-01",
      data: examples.seatChange as LiveEvent<"seatChange">["data"],
    });
    await marker;
    expect(leaked).toEqual([]);
    inB.disconnect();
    otherSite.disconnect();
  });
});
