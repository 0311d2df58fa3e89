import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GateEntry, topics } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { gateLogs } from "../db/schema/index.js";
import type { BatchSink } from "../ingest/batch-writer.js";
import {
  connectEnrolled,
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  payload,
  startEmbeddedIngest,
} from "../ingest/ingest.test-support.js";
import type { IngestModule } from "../ingest/ingest-module.js";
import { executeRows } from "../ingest/sinks/records.js";
import { hubRoles, ingestModules } from "./role-table.js";

/**
 * The "Adding a role" recipe (docs/architecture.md), followed from a test: a role registered in a
 * table of its own owns a message kind, and its handler and sink get the real ingest path — broker,
 * admission, batch writer, acknowledgement after commit — without ingest knowing its name.
 */
interface ProbeRow {
  id: string;
  camera: string;
  code: string;
}

const probeSink: BatchSink<ProbeRow, Database["db"]> = {
  name: "probe_rows",
  async write(tx, rows) {
    for (const r of rows)
      await tx.execute(
        sql`insert into probe_rows values (${r.id}, ${r.camera}, ${r.code}) on conflict do nothing`,
      );
  },
};

const probeIngest: IngestModule<"gateEntry"> = {
  name: "probe",
  kinds: ["gateEntry"],
  sinks: [probeSink],
  create: (ctx) => ({
    handlers: {
      gateEntry: (addr, m: GateEntry) =>
        ctx.writer.accept(probeSink, { id: m.id, camera: addr.camera, code: m.rawText }),
    },
  }),
};

let database: Database;
let hub: EmbeddedIngest;
let device: MqttClient;
let dataDir: string;

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  await database.db.execute(sql`create table probe_rows (id uuid primary key, camera text, code text)`);
  const d1 = await enrolTestDevice(database.db, "s1", "d1");
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-role-seam-"));
  // The registered table with the gate role swapped for the probe role; nothing flushes by time.
  const roles = hubRoles.map((r) => (r.name === "gate" ? { name: "gate" as const, ingest: probeIngest } : r));
  hub = await startEmbeddedIngest(database, {
    dataDir,
    modules: ingestModules(roles),
    ingest: { batchRows: 10_000, batchMs: 60_000, maxPending: 50_000 },
  });
  device = await connectEnrolled(hub.url, d1);
});

afterAll(async () => {
  await device?.endAsync(true);
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("a role registered from a test (integration)", () => {
  it("owns its message kind end to end: the PUBACK comes after its own row is committed", async () => {
    const body = payload("gateEntry", { seq: 1 });
    const id = JSON.parse(body).id as string;
    await device.publishAsync(topics.gateEntry({ site: "s1", device: "d1", camera: "gate-cam" }), body, {
      qos: 1,
    });
    // No flush() and no timer: the row is there because the acknowledgement waited for it.
    const rows = await executeRows<{ id: string; camera: string }>(
      database.db,
      sql`select id::text as id, camera from probe_rows`,
    );
    expect(rows).toEqual([{ id, camera: "gate-cam" }]);
    // The replaced role's table saw nothing, and dashboards still got the event (ingest broadcasts it).
    expect(await database.db.select().from(gateLogs)).toEqual([]);
    expect(hub.broadcaster.of("gateEntry").map((e) => (e.data as GateEntry).id)).toEqual([id]);
  });
});
