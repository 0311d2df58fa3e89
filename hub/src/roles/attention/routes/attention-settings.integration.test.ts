import type { FocusStarted } from "@sitewatch/shared-protocol";
import { defaultAttentionThresholds } from "@sitewatch/shared-protocol/attention";
import { eventually } from "@sitewatch/testkit";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../auth/users.js";
import { sites } from "../../../db/schema/index.js";
import {
  type Client,
  closed,
  type FocusFixture,
  ok,
  open,
  type Seen,
  sendSamples,
  startFocusHub,
} from "../live/focus.test-support.js";

// A whole hub (PGlite, HTTP, Socket.IO): site-a's learner and manager, site-b's outsider, and an admin.
let fx: FocusFixture;
let adminToken = "";

beforeAll(async () => {
  fx = await startFocusHub({ samplesPerSecond: 1e6, burst: 1e6, maxAheadMs: 1e9 });
  const admin = await createUser(fx.hub.parts.database.db, {
    email: "admin@x.test",
    password: "password-123",
    role: "admin",
  });
  adminToken = await fx.hub.parts.auth.signAccessToken(admin.id, "admin");
});
afterAll(() => fx?.close());

type Who = "learner" | "manager" | "outsider" | "admin";
const tokenOf = (who: Who) => (who === "admin" ? adminToken : fx.tokens[who]);

async function rest(method: "GET" | "PUT", site: string, who: Who, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${fx.hub.ports().http}/api/v1/sites/${site}/attention-settings`, {
    method,
    headers: { authorization: `Bearer ${tokenOf(who)}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

const stored = async (site: string) => {
  const [row] = await fx.hub.parts.database.db
    .select({ t: sites.attentionThresholds })
    .from(sites)
    .where(eq(sites.id, site));
  return row?.t;
};

function expectError(r: { status: number; body: { error?: unknown } }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body.error).toEqual({
    code,
    message: expect.any(String),
    requestId: expect.any(String),
    ...(status === 400 ? { details: expect.any(Array) } : {}),
  });
}

describe("GET/PUT /api/v1/sites/{site}/attention-settings", () => {
  it("starts with no overrides and the defaults in effect", async () => {
    const r = await rest("GET", "site-a", "learner");
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ overrides: {}, effective: defaultAttentionThresholds });
  });

  it("stores only the overrides a site manager sets, and every member reads them", async () => {
    const thresholds = { drowsyMs: 6_000, distractedYawDeg: 40 };
    const put = await rest("PUT", "site-a", "manager", { thresholds });
    expect(put.status, put.text).toBe(200);
    const effective = { ...defaultAttentionThresholds, ...thresholds };
    expect(put.body).toEqual({ overrides: thresholds, effective });
    expect(await stored("site-a")).toEqual(thresholds);
    expect((await rest("GET", "site-a", "learner")).body).toEqual({ overrides: thresholds, effective });
    // Another site keeps the defaults.
    expect((await rest("GET", "site-b", "outsider")).body.overrides).toEqual({});
  });

  it.each([
    ["an unknown threshold", { thresholds: { drowsyMs: 2_000, sleepyMs: 10 } }],
    ["an unknown top-level key", { thresholds: { drowsyMs: 2_000 }, extra: true }],
    ["a negative time", { thresholds: { drowsyMs: -1 } }],
    ["a time past its range", { thresholds: { absentMs: 600_001 } }],
    ["a fractional millisecond count", { thresholds: { yawnMs: 1_500.5 } }],
    ["a ratio above 1", { thresholds: { closedEarRatio: 1.5 } }],
    ["an angle past 90°", { thresholds: { distractedYawDeg: 91 } }],
    ["a string for a number", { thresholds: { drowsyMs: "2000" } }],
    ["thresholds that are not an object", { thresholds: [1] }],
    ["no thresholds", {}],
    ["eyes open again before they count as closed", { thresholds: { closedEarRatio: 0.95 } }],
    ["a blink window that admits nothing", { thresholds: { blinkMinMs: 900, blinkMaxMs: 500 } }],
  ])("refuses %s with 400 and keeps what was stored", async (_, body) => {
    const before = await stored("site-a");
    expectError(await rest("PUT", "site-a", "manager", body), 400, "VALIDATION_FAILED");
    expect(await stored("site-a")).toEqual(before);
  });

  it("keeps other sites' managers out of reading and writing", async () => {
    const before = await stored("site-a");
    expectError(await rest("GET", "site-a", "outsider"), 403, "FORBIDDEN");
    expectError(
      await rest("PUT", "site-a", "outsider", { thresholds: { drowsyMs: 9_000 } }),
      403,
      "FORBIDDEN",
    );
    expect(await stored("site-a")).toEqual(before);
  });

  it("answers 404 for a site that does not exist", async () => {
    expectError(await rest("GET", "nowhere", "admin"), 404, "NOT_FOUND");
    expectError(await rest("PUT", "nowhere", "admin", { thresholds: {} }), 404, "NOT_FOUND");
  });

  it("lets an admin replace the overrides, and {} clears them", async () => {
    const put = await rest("PUT", "site-b", "admin", { thresholds: { yawnMar: 0.8 } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.effective.yawnMar).toBe(0.8);
    const cleared = await rest("PUT", "site-b", "admin", { thresholds: {} });
    expect(cleared.body).toEqual({ overrides: {}, effective: defaultAttentionThresholds });
    expect(await stored("site-b")).toBeNull();
  });

  it("skips a stored value that no longer fits the schema instead of failing the site", async () => {
    const { db } = fx.hub.parts.database;
    const attentionThresholds = { drowsyMs: -5, yawnMs: 2_000, removedKey: 1 };
    await db.insert(sites).values({ id: "site-old", name: "Old", attentionThresholds });
    const r = await rest("GET", "site-old", "admin");
    expect(r.body.overrides).toEqual({ yawnMs: 2_000 });
    expect(r.body.effective.drowsyMs).toBe(defaultAttentionThresholds.drowsyMs);
  });
});

describe("focus sessions use their site's thresholds", () => {
  const startOn = async (site: string, who: "learner" | "outsider") => {
    const client = await fx.connect(fx.tokens[who]);
    const started = await ok<FocusStarted>(client.socket, "focus:start", { site, source: "browser" });
    return { ...client, started };
  };
  const run = (c: { socket: Client; started: FocusStarted }) =>
    sendSamples(
      c.socket,
      c.started.session,
      [
        [open, 3],
        [closed, 2],
        [open, 2],
      ],
      { seq: 0, at: Date.now() - 60_000 },
    ).seq;
  const statesOf = (seen: Seen) => seen.states.map((s) => s.state);

  it("acks the overridden thresholds and judges samples by them", async () => {
    await rest("PUT", "site-a", "manager", { thresholds: { drowsyMs: 4_000 } });
    const overridden = await startOn("site-a", "learner");
    const defaults = await startOn("site-b", "outsider");
    expect(overridden.started.thresholds).toEqual({ ...defaultAttentionThresholds, drowsyMs: 4_000 });
    expect(defaults.started.thresholds).toEqual(defaultAttentionThresholds);

    // Two seconds of closed eyes: drowsy under the default 1 s window, not under site-a's 4 s.
    const sentA = run(overridden);
    const sentB = run(defaults);
    await eventually("every sample answered", () => {
      return overridden.seen.states.length === sentA && defaults.seen.states.length === sentB;
    });
    expect(statesOf(defaults.seen)).toContain("drowsy");
    expect(statesOf(overridden.seen)).not.toContain("drowsy");
    expect(overridden.seen.alerts).toEqual([]);
  });

  it("gives sessions started after a change the new values", async () => {
    await rest("PUT", "site-a", "manager", { thresholds: { absentMs: 7_000 } });
    const { started } = await startOn("site-a", "learner");
    expect(started.thresholds.absentMs).toBe(7_000);
    expect(started.thresholds.drowsyMs).toBe(defaultAttentionThresholds.drowsyMs);
  });
});
