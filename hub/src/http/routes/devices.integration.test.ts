import { pbkdf2Sync } from "node:crypto";
import { examples } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../auth/passwords.js";
import { devices, enrollmentTokens } from "../../db/schema/index.js";
import { startTestHub, type TestHub } from "../http.test-support.js";

let hub: TestHub;
const invalidated: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ brokerAuth: { invalidate: (u) => invalidated.push(u) } });
  await hub.call("POST", "/api/v1/sites", { token: hub.adminToken, json: { id: "plant", name: "Plant" } });
});
afterAll(() => hub.close());

async function newToken(json: Record<string, unknown> = {}) {
  const r = await hub.call("POST", "/api/v1/sites/plant/enrollment-tokens", { token: hub.adminToken, json });
  expect(r.status, r.text).toBe(201);
  return r.body as { id: string; token: string; expiresAt: string; state: string };
}
const enroll = (token: string, deviceId: string) =>
  hub.call("POST", "/api/v1/devices/enroll", { json: { token, deviceId, name: `Edge ${deviceId}` } });
async function deviceRow(id: string) {
  const [row] = await hub.database.db
    .select()
    .from(devices)
    .where(and(eq(devices.siteId, "plant"), eq(devices.id, id)));
  return row;
}

describe("enrolment", () => {
  it("trades a token for MQTT credentials once, without a user login", async () => {
    const t = await newToken({ note: "rack 1" });
    expect(t.token).toMatch(/^enr_/);
    const ttl = Date.parse(t.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000);

    const r = await enroll(t.token, "edge-1");
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      site: "plant",
      device: "edge-1",
      protocolVersion: 1,
      mqtt: { username: "plant.edge-1", topicPrefix: "sitewatch/v1/plant/edge-1/" },
    });
    expect(r.body.mqtt.password).toMatch(/^dev_/);
    const row = await deviceRow("edge-1");
    expect(row?.name).toBe("Edge edge-1");
    expect(await verifyPassword(r.body.mqtt.password, row?.passwordHash ?? "")).toBe(true);
    expect(row?.passwordHash).not.toContain(r.body.mqtt.password);
    // The Mosquitto password-file hash of the same password, for external-broker mode.
    const [, , iterations, salt, hash] = (row?.mosquittoHash ?? "").split("$");
    const derived = pbkdf2Sync(
      r.body.mqtt.password,
      Buffer.from(salt ?? "", "base64"),
      Number(iterations),
      64,
      "sha512",
    );
    expect(derived.toString("base64")).toBe(hash);

    const again = await enroll(t.token, "edge-2");
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already used/);
    expect(await deviceRow("edge-2")).toBeUndefined();

    const list = await hub.call("GET", "/api/v1/sites/plant/enrollment-tokens", { token: hub.adminToken });
    const listed = list.body.tokens.find((x: { id: string }) => x.id === t.id);
    expect(listed).toMatchObject({ state: "used", usedByDevice: "edge-1", note: "rack 1" });
    expect(JSON.stringify(list.body)).not.toContain(t.token);
  });

  it("refuses unknown and expired tokens", async () => {
    const unknown = await enroll("enr_not-a-real-token", "edge-3");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("UNAUTHENTICATED");

    const t = await newToken({ expiresInS: 60 });
    await hub.database.db
      .update(enrollmentTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(enrollmentTokens.id, t.id));
    const expired = await enroll(t.token, "edge-3");
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
    expect(await deviceRow("edge-3")).toBeUndefined();
  });

  it("refuses an already active device id and leaves the token usable", async () => {
    const t = await newToken();
    const dup = await enroll(t.token, "edge-1");
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/already enrolled/);
    expect((await enroll(t.token, "edge-4")).status).toBe(201);
  });

  it("validates the request body", async () => {
    const r = await hub.call("POST", "/api/v1/devices/enroll", { json: { token: "x", deviceId: "bad/id" } });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("deviceId");
  });
});

describe("devices", () => {
  it("revocation tells the broker at once, and re-enrolment re-keys the device", async () => {
    const before = await enroll((await newToken()).token, "edge-5");
    invalidated.length = 0;
    const revoked = await hub.call("POST", "/api/v1/sites/plant/devices/edge-5/revoke", {
      token: hub.adminToken,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: "revoked", online: false });
    expect(revoked.body.revokedAt).toBe((await deviceRow("edge-5"))?.revokedAt?.getTime());
    expect(typeof revoked.body.revokedAt).toBe("number");
    expect(invalidated).toEqual(["plant.edge-5"]);

    const after = await enroll((await newToken()).token, "edge-5");
    expect(after.status).toBe(201);
    const row = await deviceRow("edge-5");
    expect(row?.status).toBe("active");
    expect(await verifyPassword(before.body.mqtt.password, row?.passwordHash ?? "")).toBe(false);
    expect(await verifyPassword(after.body.mqtt.password, row?.passwordHash ?? "")).toBe(true);
  });

  it("lists devices with their last heartbeat as device:health carries it, times in epoch ms", async () => {
    const seen = Date.parse("2025-05-01T10:00:00Z");
    await hub.database.db
      .update(devices)
      .set({ online: true, lastSeenAt: new Date(seen), agentVersion: "0.3.1", health: examples.health })
      .where(and(eq(devices.siteId, "plant"), eq(devices.id, "edge-1")));
    const list = await hub.call("GET", "/api/v1/sites/plant/devices", { token: hub.adminToken });
    expect(list.status).toBe(200);
    const d = list.body.devices.find((x: { id: string }) => x.id === "edge-1");
    expect(d).toMatchObject({ online: true, agentVersion: "0.3.1", lastSeenAt: seen, revokedAt: null });
    expect(d.createdAt).toBe((await deviceRow("edge-1"))?.createdAt.getTime());
    // The heartbeat message itself, cameras and storage included, without the delivery envelope.
    const { v: _v, id: _id, seq: _seq, ...heartbeat } = examples.health;
    expect(d.health).toEqual(heartbeat);
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|scrypt/);
    expect(
      (await hub.call("GET", "/api/v1/sites/plant/devices/nope", { token: hub.adminToken })).status,
    ).toBe(404);
  });

  it("reads a stored heartbeat that no longer parses as none, never as an error", async () => {
    // The shape of an older hub: an ISO `at` instead of `ts`, a camera without its figures.
    const old = { at: "2025-05-01T10:00:00.000Z", cpuPct: 12, cameras: [{ camera: "cam-1", state: "up" }] };
    for (const health of [old, { ...examples.health, cpuPct: "high" }, "garbage", 42]) {
      await hub.database.db
        .update(devices)
        .set({ health })
        .where(and(eq(devices.siteId, "plant"), eq(devices.id, "edge-4")));
      const r = await hub.call("GET", "/api/v1/sites/plant/devices/edge-4", { token: hub.adminToken });
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ id: "edge-4", status: "active", health: null });
    }
  });

  it("deleting a site drops its devices' broker credentials", async () => {
    await hub.call("POST", "/api/v1/sites", { token: hub.adminToken, json: { id: "temp", name: "Temp" } });
    const t = await hub.call("POST", "/api/v1/sites/temp/enrollment-tokens", {
      token: hub.adminToken,
      json: {},
    });
    await hub.call("POST", "/api/v1/devices/enroll", { json: { token: t.body.token, deviceId: "x1" } });
    invalidated.length = 0;
    expect((await hub.call("DELETE", "/api/v1/sites/temp", { token: hub.adminToken })).status).toBe(200);
    expect(invalidated).toContain("temp.x1");
    const [row] = await hub.database.db.select().from(devices).where(eq(devices.siteId, "temp"));
    expect(row).toBeUndefined();
  });

  it("answers 404 for enrolment tokens of a missing site", async () => {
    const r = await hub.call("POST", "/api/v1/sites/ghost/enrollment-tokens", {
      token: hub.adminToken,
      json: {},
    });
    expect(r.status).toBe(404);
  });
});
