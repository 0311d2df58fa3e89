import { seatHistoryEventSchema, seatSnapshotSchema, uuidv7 } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seatEvents, seatStatus } from "../../../db/schema/index.js";
import { seedSite, startTestHub, type TestHub } from "../../../http/http.test-support.js";

let hub: TestHub;
const square = [
  [0.1, 0.1],
  [0.3, 0.1],
  [0.3, 0.3],
  [0.1, 0.3],
];

async function postSeat(json: Record<string, unknown>) {
  return hub.call("POST", "/api/v1/sites/s1/seats", {
    token: hub.adminToken,
    json: { device: "d1", camera: "c1", ...json },
  });
}

beforeAll(async () => {
  hub = await startTestHub();
  await seedSite(hub, "s1");
  const gate = await hub.call("POST", "/api/v1/sites/s1/devices/d1/cameras", {
    token: hub.adminToken,
    json: { id: "gate1", name: "Gate", role: "gate", url: "rtsp://cam:hunter2@10.0.0.9/stream" },
  });
  expect(gate.status).toBe(201);
  expect(gate.body.url).toBe("rtsp://cam:***@10.0.0.9/stream");
});
afterAll(() => hub.close());

describe("seat polygons", () => {
  it.each([
    [
      "fewer than 3 points",
      [
        [0.1, 0.1],
        [0.2, 0.2],
      ],
      /at least 3 points/,
    ],
    ["no points", [], /at least 3 points/],
    [
      "crossing edges (a bow tie)",
      [
        [0.1, 0.1],
        [0.3, 0.3],
        [0.3, 0.1],
        [0.1, 0.3],
      ],
      /edges 1 and 3 intersect/,
    ],
    [
      "a point outside the frame",
      [
        [0.1, 0.1],
        [1.2, 0.1],
        [0.5, 0.5],
      ],
      /inside the frame/,
    ],
    [
      "a negative coordinate",
      [
        [-0.1, 0.1],
        [0.2, 0.1],
        [0.2, 0.2],
      ],
      /inside the frame/,
    ],
    [
      "no area (collinear points)",
      [
        [0.1, 0.1],
        [0.2, 0.2],
        [0.3, 0.3],
      ],
      /intersect|no area/,
    ],
  ])("refuses %s with INVALID_POLYGON and the reason", async (_what, polygon, reason) => {
    const r = await postSeat({ id: "X1", polygon });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("INVALID_POLYGON");
    expect(r.body.error.message).toMatch(reason);
    expect(r.body.error.details.reason).toMatch(reason);
  });

  it("refuses non-numeric points as VALIDATION_FAILED, not as a polygon problem", async () => {
    const r = await postSeat({
      id: "X1",
      polygon: [
        ["a", 1],
        [0, 0],
        [1, 1],
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
  });

  it("requires an existing camera with the seats role", async () => {
    const missing = await postSeat({ id: "X1", polygon: square, camera: "nope" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/does not exist/);
    const gate = await postSeat({ id: "X1", polygon: square, camera: "gate1" });
    expect(gate.status).toBe(400);
    expect(gate.body.error.message).toMatch(/role gate/);
  });

  it("validates polygons on update too, and keeps the seat unchanged when refused", async () => {
    expect((await postSeat({ id: "U1", polygon: square })).status).toBe(201);
    const bad = await hub.call("PATCH", "/api/v1/sites/s1/seats/U1", {
      token: hub.adminToken,
      json: {
        polygon: [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ],
      },
    });
    expect(bad.status).toBe(422);
    const seat = await hub.call("GET", "/api/v1/sites/s1/seats/U1", { token: hub.adminToken });
    expect(seat.body.polygon).toEqual(square);
    const good = await hub.call("PATCH", "/api/v1/sites/s1/seats/U1", {
      token: hub.adminToken,
      json: {
        polygon: [
          [0.5, 0.5],
          [0.9, 0.5],
          [0.7, 0.9],
        ],
        layout: { x: 0.2, y: 0.4 },
      },
    });
    expect(good.status).toBe(200);
    expect(good.body.layout).toEqual({ x: 0.2, y: 0.4 });
  });
});

describe("seat CRUD", () => {
  it("creates, conflicts on duplicates, and reports the config push without failing", async () => {
    const r = await postSeat({ id: "1A", polygon: square, kind: "booth" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: "1A",
      device: "d1",
      camera: "c1",
      kind: "booth",
      active: true,
      layout: null,
    });
    // No command relay in this app, and the device has never connected: the write still succeeds.
    expect(r.body.push).toMatchObject({ device: "d1", status: expect.stringMatching(/skipped|offline/) });
    expect((await postSeat({ id: "1A", polygon: square })).status).toBe(409);
  });

  it("deletes seats and answers 404 afterwards", async () => {
    await postSeat({ id: "DEL", polygon: square });
    const del = await hub.call("DELETE", "/api/v1/sites/s1/seats/DEL", { token: hub.adminToken });
    expect(del.status).toBe(200);
    expect((await hub.call("GET", "/api/v1/sites/s1/seats/DEL", { token: hub.adminToken })).status).toBe(404);
    expect((await hub.call("DELETE", "/api/v1/sites/s1/seats/DEL", { token: hub.adminToken })).status).toBe(
      404,
    );
  });

  it("moves a seat on the floor plan without pushing the device a new configuration", async () => {
    await postSeat({ id: "LAY", polygon: square });
    const seatPath = "/api/v1/sites/s1/seats/LAY";
    const polygonEdit = await hub.call("PATCH", seatPath, { token: hub.adminToken, json: { kind: "sofa" } });
    const revision = polygonEdit.body.push.revision as number;
    expect(revision).toBeGreaterThan(0);

    const moved = await hub.call("PATCH", seatPath, {
      token: hub.adminToken,
      json: { layout: { x: 0, y: 1 } },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.layout).toEqual({ x: 0, y: 1 });
    expect(moved.body.push).toEqual({
      device: "d1",
      status: "skipped",
      message: expect.stringMatching(/floor-plan position/),
    });
    // A real configuration change afterwards is the next revision: the move did not take one.
    const after = await hub.call("PATCH", seatPath, { token: hub.adminToken, json: { kind: "desk" } });
    expect(after.body.push.revision).toBe(revision + 1);

    const outside = await hub.call("PATCH", seatPath, {
      token: hub.adminToken,
      json: { layout: { x: 1.2, y: 0.5 } },
    });
    expect(outside.status).toBe(400);
    const cleared = await hub.call("PATCH", seatPath, { token: hub.adminToken, json: { layout: null } });
    expect(cleared.body.layout).toBeNull();
  });

  it("refuses to delete a camera that still has seats", async () => {
    const r = await hub.call("DELETE", "/api/v1/sites/s1/devices/d1/cameras/c1", { token: hub.adminToken });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("CONFLICT");
  });
});

describe("seat map and history", () => {
  it("shows every active seat with its current state", async () => {
    await postSeat({ id: "M1", polygon: square });
    await postSeat({ id: "M2", polygon: square });
    await postSeat({ id: "M3", polygon: square, active: false });
    const since = new Date("2025-03-01T09:00:00.000Z");
    await hub.database.db.insert(seatStatus).values([
      { siteId: "s1", seatId: "M1", state: "occupied", since, confidence: 0.875 },
      { siteId: "s1", seatId: "M3", state: "held", since, confidence: 0.5 },
    ]);
    const r = await hub.call("GET", "/api/v1/sites/s1/seat-map", { token: hub.adminToken });
    expect(r.status).toBe(200);
    const bySeat = Object.fromEntries(r.body.seats.map((s: { seat: string }) => [s.seat, s]));
    expect(bySeat.M1).toMatchObject({
      state: "occupied",
      since: since.getTime(),
      confidence: 0.875,
      camera: "c1",
      polygon: square,
    });
    // The state part is exactly a `seat:snapshot` entry: same names, epoch ms.
    const { seat, state, since: at, confidence } = bySeat.M1;
    const entry = { seat, state, since: at, confidence };
    expect(seatSnapshotSchema.shape.seats.element.strict().parse(entry)).toEqual(entry);
    expect(bySeat.M2).toMatchObject({ state: "unknown", since: null, confidence: null });
    expect(r.body.at).toBeTypeOf("number");
    expect(bySeat.M3).toBeUndefined();
    expect(r.body.summary).toMatchObject({ total: r.body.seats.length, occupied: 1 });
  });

  it("returns a seat's changes in the range, oldest first, with truncation", async () => {
    const base = Date.parse("2025-03-02T10:00:00Z");
    const event = (minute: number, toState: "occupied" | "empty") => ({
      id: uuidv7(base + minute * 60_000),
      siteId: "s1",
      deviceId: "d1",
      cameraId: "c1",
      seatId: "1A",
      fromState: toState === "occupied" ? ("empty" as const) : ("occupied" as const),
      toState,
      at: new Date(base + minute * 60_000),
      stayMs: toState === "empty" ? 600_000 : null,
      confidence: 0.9,
      seq: minute,
    });
    const tenPast = event(10, "empty");
    await hub.database.db
      .insert(seatEvents)
      .values([event(30, "empty"), event(0, "occupied"), tenPast, event(90, "occupied")]);
    const q = "from=2025-03-02T10:00:00Z&to=2025-03-02T11:00:00Z";
    const r = await hub.call("GET", `/api/v1/sites/s1/seats/1A/history?${q}`, { token: hub.adminToken });
    expect(r.status).toBe(200);
    expect(r.body.events.map((e: { at: number }) => e.at)).toEqual([base, base + 600_000, base + 1_800_000]);
    expect(r.body).toMatchObject({ from: base, to: base + 3_600_000 });
    // Each event has the `seat:change` message's names and units, and nothing else.
    for (const e of r.body.events) expect(seatHistoryEventSchema.strict().parse(e)).toEqual(e);
    expect(r.body.events[1]).toEqual({
      id: tenPast.id,
      seat: "1A",
      from: "occupied",
      to: "empty",
      at: base + 600_000,
      stayMs: 600_000,
      confidence: 0.9,
      device: "d1",
      camera: "c1",
    });
    expect(r.body.events[0]).not.toHaveProperty("stayMs");
    expect(r.body.truncated).toBe(false);
    const limited = await hub.call("GET", `/api/v1/sites/s1/seats/1A/history?${q}&limit=2`, {
      token: hub.adminToken,
    });
    expect(limited.body.events).toHaveLength(2);
    expect(limited.body.truncated).toBe(true);
    const backwards = await hub.call(
      "GET",
      "/api/v1/sites/s1/seats/1A/history?from=2025-03-02T11:00:00Z&to=2025-03-02T10:00:00Z",
      {
        token: hub.adminToken,
      },
    );
    expect(backwards.status).toBe(400);
  });
});
