import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../auth/passwords.js";
import { devices } from "../../db/schema/index.js";
import { startTestHub, type TestHub } from "../http.test-support.js";

let hub: TestHub;
const invalidated: string[] = [];
beforeAll(async () => {
  hub = await startTestHub({ brokerAuth: { invalidate: (u) => invalidated.push(u) } });
});
afterAll(() => hub.close());

const admin = () => ({ token: hub.adminToken });
const enroll = (token: string, deviceId: string, name?: string) =>
  hub.call("POST", "/api/v1/devices/enroll", { json: { token, deviceId, name } });
async function deviceRow(id: string) {
  const [row] = await hub.database.db
    .select()
    .from(devices)
    .where(and(eq(devices.siteId, "yard"), eq(devices.id, id)));
  return row;
}
const setup = async () => (await hub.call("GET", "/api/v1/setup", admin())).body;

describe("first-run setup, device rename and re-enrolment", () => {
  it("leads from an empty hub to a device online", async () => {
    const empty = await setup();
    expect(empty).toMatchObject({
      sites: 0,
      firstSite: null,
      devices: 0,
      devicesOnline: 0,
      enrollmentTokens: 0,
      mustChangePassword: false,
      nextStep: "create-site",
    });
    expect(empty.steps.map((s: { id: string }) => s.id)).toEqual([
      "change-password",
      "create-site",
      "create-enrollment-token",
      "device-online",
    ]);
    await hub.call("POST", "/api/v1/sites", { ...admin(), json: { id: "yard", name: "Yard" } });
    expect(await setup()).toMatchObject({ sites: 1, firstSite: "yard", nextStep: "create-enrollment-token" });
    const t = await hub.call("POST", "/api/v1/sites/yard/enrollment-tokens", { ...admin(), json: {} });
    expect(t.body.boundDevice).toBeNull();
    expect((await setup()).nextStep).toBe("device-online");
    expect((await enroll(t.body.token, "edge-1")).status).toBe(201);
    expect(await setup()).toMatchObject({ devices: 1, devicesOnline: 0, nextStep: "device-online" });
    await hub.database.db.update(devices).set({ online: true }).where(eq(devices.id, "edge-1"));
    const done = await setup();
    expect(done).toMatchObject({ devicesOnline: 1, nextStep: null });
    expect(done.steps.every((s: { done: boolean }) => s.done)).toBe(true);
  });

  it("renames a device (admins only)", async () => {
    const r = await hub.call("PATCH", "/api/v1/sites/yard/devices/edge-1", {
      ...admin(),
      json: { name: "  Gate cabinet " },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ id: "edge-1", name: "Gate cabinet" });
    expect((await deviceRow("edge-1"))?.name).toBe("Gate cabinet");
    const blank = await hub.call("PATCH", "/api/v1/sites/yard/devices/edge-1", {
      ...admin(),
      json: { name: "" },
    });
    expect(blank.status).toBe(400);
    const missing = await hub.call("PATCH", "/api/v1/sites/yard/devices/nope", {
      ...admin(),
      json: { name: "x" },
    });
    expect(missing.status).toBe(404);
    await hub.call("POST", "/api/v1/users", {
      ...admin(),
      json: { email: "yard@example.com", password: "yard-password", role: "site_manager", sites: ["yard"] },
    });
    const manager = await hub.login("yard@example.com", "yard-password");
    const refused = await hub.call("PATCH", "/api/v1/sites/yard/devices/edge-1", {
      token: manager,
      json: { name: "Mine" },
    });
    expect(refused.status).toBe(403);
    const reEnroll = await hub.call("POST", "/api/v1/sites/yard/devices/edge-1/re-enroll", {
      token: manager,
      json: {},
    });
    expect(reEnroll.status).toBe(403);
  });

  it("re-keys an active device with a token bound to it, keeping its name", async () => {
    const before = await deviceRow("edge-1");
    const t = await hub.call("POST", "/api/v1/sites/yard/devices/edge-1/re-enroll", { ...admin(), json: {} });
    expect(t.status, t.text).toBe(201);
    expect(t.body).toMatchObject({ site: "yard", boundDevice: "edge-1", state: "active" });
    expect(t.body.token).toMatch(/^enr_/);
    // Another device id may not use it, and trying does not burn it.
    const other = await enroll(t.body.token, "edge-2");
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/edge-1/);
    const r = await enroll(t.body.token, "edge-1");
    expect(r.status, r.text).toBe(201);
    const after = await deviceRow("edge-1");
    expect(after?.status).toBe("active");
    expect(after?.name).toBe("Gate cabinet");
    expect(await verifyPassword(r.body.mqtt.password, after?.passwordHash ?? "")).toBe(true);
    expect(after?.passwordHash).not.toBe(before?.passwordHash);
    expect(invalidated).toContain("yard.edge-1");
    expect((await enroll(t.body.token, "edge-1")).status).toBe(409);
    // An ordinary token still refuses an active device.
    const plain = await hub.call("POST", "/api/v1/sites/yard/enrollment-tokens", { ...admin(), json: {} });
    expect((await enroll(plain.body.token, "edge-1")).status).toBe(409);
  });

  it("re-activates a revoked device; unknown devices get no token", async () => {
    await hub.call("POST", "/api/v1/sites/yard/devices/edge-1/revoke", admin());
    expect((await deviceRow("edge-1"))?.status).toBe("revoked");
    const t = await hub.call("POST", "/api/v1/sites/yard/devices/edge-1/re-enroll", {
      ...admin(),
      json: { note: "new SSD", expiresInS: 600 },
    });
    expect(t.body.note).toBe("new SSD");
    expect(Date.parse(t.body.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    expect((await enroll(t.body.token, "edge-1", "Renamed by installer")).status).toBe(201);
    const row = await deviceRow("edge-1");
    expect(row).toMatchObject({ status: "active", revokedAt: null, name: "Renamed by installer" });
    const none = await hub.call("POST", "/api/v1/sites/yard/devices/ghost/re-enroll", {
      ...admin(),
      json: {},
    });
    expect(none.status).toBe(404);
    const list = await hub.call("GET", "/api/v1/sites/yard/enrollment-tokens", admin());
    expect(
      list.body.tokens.filter((x: { boundDevice: string | null }) => x.boundDevice === "edge-1"),
    ).toHaveLength(2);
  });
});
