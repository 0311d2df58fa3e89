import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { seatStatus } from "../../db/schema/index.js";
import {
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  seatChange,
  startEmbeddedIngest,
} from "../../ingest/ingest.test-support.js";

/**
 * Event times are bounded now, but a seat stored "held since 2099" before that fix would have frozen
 * the seat for good (only a newer `since` moves it). Such a row gives way to the next real event.
 */
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe("a seat frozen by a far-future time", () => {
  it("moves again with the next real event, also after a restart", async () => {
    const database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
    cleanup.push(() => database.close());
    const device = await enrolTestDevice(database.db, "s1", "d1");
    const dir = await mkdtemp(join(tmpdir(), "sitewatch-frozen-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await database.db.insert(seatStatus).values({
      siteId: "s1",
      seatId: "1A",
      state: "held",
      since: new Date(Date.UTC(2099, 0, 1)),
      confidence: 0.9,
    });
    const hub: EmbeddedIngest = await startEmbeddedIngest(database, { dataDir: dir });
    cleanup.push(() => hub.ingest.stop());
    const client = await mqtt.connectAsync(hub.url, {
      username: device.username,
      password: device.password,
      clientId: device.username,
    });
    cleanup.push(() => client.endAsync());
    const at = Date.now() - 1_000;
    const body = seatChange({ seq: 1, seat: "1A", from: "held", to: "empty", at });
    await client.publishAsync(topics.seatChange({ site: "s1", device: "d1", camera: "c1" }), body, {
      qos: 1,
    });
    const [row] = await database.db.select().from(seatStatus).where(eq(seatStatus.seatId, "1A"));
    expect(row).toMatchObject({ state: "empty", since: new Date(at) });
  });
});
