import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AddressOf, encodeMessage, examples, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import type { MqttClient } from "mqtt";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { Database } from "../../db/client.js";
import { gateCrops, gateLogs } from "../../db/schema/index.js";
import { NotStoredError } from "../../ingest/batch-writer.js";
import {
  connectEnrolled,
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  startEmbeddedIngest,
  until,
} from "../../ingest/ingest.test-support.js";
import { configuredRoles, ingestModules } from "../role-table.js";
import { defaultGateCropQuota } from "./gate-crops.js";

// The gate role's ingest on a real embedded broker, a real PGlite and real files: crops are stored file
// first, row second, acknowledged after both and announced without their bytes; what is not a fitting
// JPEG is refused and counted. Activity reaches the bus and nothing stores it.
const A = { site: "port", device: "gate-1", camera: "lane-1" };
const QUOTA_FILES = 3;
let database: Database;
let dataDir: string;
let hub: EmbeddedIngest;
let device: MqttClient;
let jpeg: Buffer;
let seq = 0;

const topic = (kind: "gateEntry" | "gateCrop" | "gateActivity") =>
  topicFor(kind, A as AddressOf<typeof kind>);
const fileOf = (entry: string) => join(dataDir, "gate-crops", A.site, `${entry}.jpg`);
const cropRows = (entry: string) => database.db.select().from(gateCrops).where(eq(gateCrops.entryId, entry));
// Plain JSON, not encodeMessage: some tests send what the protocol refuses.
const crop = (entry: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    v: 1,
    id: uuidv7(),
    seq: ++seq,
    ts: Date.now(),
    entry,
    jpeg: jpeg.toString("base64"),
    width: 160,
    height: 48,
    ...fields,
  });
const publish = (kind: "gateEntry" | "gateCrop" | "gateActivity", body: string, qos: 0 | 1 = 1) =>
  device.publishAsync(topic(kind), body, { qos });
async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 160, height: 48, channels: 3, background: "#246" } })
    .jpeg({ quality: 80 })
    .toBuffer();
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  const login = await enrolTestDevice(database.db, A.site, A.device);
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-gate-crops-"));
  // The crop quota set as an operator sets it, small enough to reach, and the role table built from the
  // configuration as the composition root (hub.ts) builds it.
  const config = loadConfig({ GATE_CROP_QUOTA_FILES: String(QUOTA_FILES) });
  const modules = ingestModules(configuredRoles(config.ingest));
  hub = await startEmbeddedIngest(database, { dataDir, modules });
  device = await connectEnrolled(hub.url, login);
});

afterAll(async () => {
  await device?.endAsync(true);
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("gate crops", () => {
  it("have the limits GATE_CROP_QUOTA_* gives an unconfigured hub by default", () => {
    expect(loadConfig({}).ingest.gateCropQuota).toEqual(defaultGateCropQuota);
  });

  it("are written and recorded before the acknowledgement, then announced without their bytes", async () => {
    const entry = uuidv7();
    const at = Date.now();
    await publish(
      "gateEntry",
      encodeMessage("gateEntry", { ...examples.gateEntry, id: entry, seq: ++seq, ts: at, at }),
    );
    const body = crop(entry);
    await publish("gateCrop", body);
    // The PUBACK came back: file and row are both there already, no flush needed.
    expect((await readFile(fileOf(entry))).equals(jpeg)).toBe(true);
    const [row] = await cropRows(entry);
    expect(row).toMatchObject({
      siteId: A.site,
      deviceId: A.device,
      cameraId: A.camera,
      width: 160,
      height: 48,
    });
    expect(row?.bytes).toBe(jpeg.byteLength);
    expect(row?.path).toBe(join("gate-crops", A.site, `${entry}.jpg`));
    expect(row?.at.getTime()).toBe(JSON.parse(body).ts);

    const announced = hub.broadcaster.events.filter((e) => e.name === "gateCropStored");
    expect(announced).toEqual([
      {
        name: "gateCropStored",
        payload: { ...A, data: { entry, width: 160, height: 48, at: JSON.parse(body).ts } },
      },
    ]);
    expect(hub.broadcaster.events.some((e) => e.name === ("gateCrop" as string))).toBe(false);
    expect(hub.broadcaster.of("gateEntry").map((e) => (e.data as { id: string }).id)).toContain(entry);
  });

  it("keep the first crop of an entry: a replay or a second crop changes neither file nor row", async () => {
    const entry = uuidv7();
    const first = crop(entry);
    await publish("gateCrop", first);
    await publish("gateCrop", first);
    const other = await sharp({ create: { width: 160, height: 48, channels: 3, background: "#f00" } })
      .jpeg()
      .toBuffer();
    await publish("gateCrop", crop(entry, { jpeg: other.toString("base64") }));
    expect(await cropRows(entry)).toHaveLength(1);
    expect((await readFile(fileOf(entry))).equals(jpeg)).toBe(true);

    // A hub that forgot recent ids (restarted) still stores the replay once: the table decides.
    const again = await hub.ingest.handle(topic("gateCrop"), Buffer.from(first), 1);
    expect(again).toBeUndefined(); // dropped at once as a duplicate by this process
    const fresh = await startEmbeddedIngest(database, { dataDir });
    try {
      await fresh.ingest.handle(topic("gateCrop"), Buffer.from(first), 1);
      await fresh.ingest.flush();
      expect(await cropRows(entry)).toHaveLength(1);
      expect(fresh.ingest.stats().rejected).toEqual({});
    } finally {
      await fresh.ingest.stop();
    }
  });

  it("refuse and count what is not a fitting JPEG, and store nothing of it", async () => {
    const cases: Array<[code: string, body: string]> = [
      ["SCHEMA_VIOLATION", crop(uuidv7(), { jpeg: Buffer.from("definitely not a jpeg").toString("base64") })],
      ["SCHEMA_VIOLATION", crop(uuidv7(), { width: 161 })],
      ["SCHEMA_VIOLATION", crop(uuidv7(), { jpeg: "%%% not base64 %%%" })],
      ["SCHEMA_VIOLATION", crop(uuidv7(), { jpeg: jpeg.subarray(0, jpeg.length - 2).toString("base64") })],
      ["PAYLOAD_TOO_LARGE", crop(uuidv7(), { jpeg: "A".repeat(600_000) })],
    ];
    for (const [code, body] of cases) {
      const before = hub.ingest.stats().rejected[code as "SCHEMA_VIOLATION"] ?? 0;
      await publish("gateCrop", body);
      await until(
        () => (hub.ingest.stats().rejected[code as "SCHEMA_VIOLATION"] ?? 0) === before + 1,
        5_000,
        code,
      );
      const { entry } = JSON.parse(body) as { entry: string };
      expect(await cropRows(entry)).toEqual([]);
      expect(await exists(fileOf(entry))).toBe(false);
    }
    expect(device.connected).toBe(true);
  });

  it("refuse crops over the device's quota (RATE_LIMITED) and keep the stored ones", async () => {
    const stored = (await database.db.select().from(gateCrops)).length;
    expect(stored).toBeGreaterThanOrEqual(2);
    const before = hub.ingest.stats().rejected.RATE_LIMITED ?? 0;
    const entries = Array.from({ length: QUOTA_FILES - stored + 1 }, () => uuidv7());
    for (const entry of entries) await publish("gateCrop", crop(entry));
    expect(hub.ingest.stats().rejected.RATE_LIMITED).toBe(before + 1);
    const last = entries[entries.length - 1] as string;
    expect(await cropRows(last)).toEqual([]);
    expect(await exists(fileOf(last))).toBe(false);
    expect(await database.db.select().from(gateCrops)).toHaveLength(QUOTA_FILES);
  });

  it("activity reaches the bus (dashboards) at once and is stored nowhere", async () => {
    const rowsBefore = [
      (await database.db.select().from(gateLogs)).length,
      (await database.db.select().from(gateCrops)).length,
    ];
    const activity = {
      ...examples.gateActivity,
      id: uuidv7(),
      seq: ++seq,
      ts: Date.now(),
      event: "detected" as const,
    };
    await publish("gateActivity", encodeMessage("gateActivity", activity), 0);
    await until(() =>
      hub.broadcaster.of("gateActivity").some((e) => (e.data as { id: string }).id === activity.id),
    );
    await hub.ingest.flush();
    const rowsAfter = [
      (await database.db.select().from(gateLogs)).length,
      (await database.db.select().from(gateCrops)).length,
    ];
    expect(rowsAfter).toEqual(rowsBefore);
  });
});

describe("a crop the hub cannot write", () => {
  it("is left unacknowledged, and its redelivery is stored", async () => {
    await database.db.delete(gateCrops);
    const root = join(dataDir, "gate-crops");
    await rm(root, { recursive: true, force: true });
    // A file where the directory should be: every write fails until it is gone.
    await writeFile(root, "in the way");
    const entry = uuidv7();
    const body = Buffer.from(crop(entry));
    await expect(hub.ingest.handle(topic("gateCrop"), body, 1)).rejects.toBeInstanceOf(NotStoredError);
    expect(await cropRows(entry)).toEqual([]);
    expect(hub.broadcaster.events.some((e) => JSON.stringify(e.payload).includes(entry))).toBe(false);

    await rm(root);
    await hub.ingest.handle(topic("gateCrop"), body, 1);
    expect(await cropRows(entry)).toHaveLength(1);
    expect((await readFile(fileOf(entry))).equals(jpeg)).toBe(true);
  });
});
