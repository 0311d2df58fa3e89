import { examples, type LiveEvent, onLive } from "@sitewatch/shared-protocol";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connected,
  type Dashboard,
  type SocketFixture,
  startSocketFixture,
} from "./socket-fixture.test-support.js";

let fx: SocketFixture;
beforeAll(async () => {
  fx = await startSocketFixture({ instanceId: "hub-test" });
});
afterAll(() => fx.close());

const seatChange = (site: string, seat: string): LiveEvent<"seatChange"> => ({
  site,
  device: "edge-01",
  camera: "cam-01",
  data: { ...examples.seatChange, seat } as LiveEvent<"seatChange">["data"],
});

async function joined(token: string, site: string): Promise<Dashboard> {
  const client = fx.connect(token);
  await connected(client);
  const ack = await client.timeout(5_000).emitWithAck("site:join", { site });
  expect(ack).toMatchObject({ ok: true });
  return client;
}

/** Seats received until `marker` arrives; the marker is emitted last, so anything else came before it. */
function seatsUntil(client: Dashboard, marker: string): Promise<string[]> {
  return new Promise((resolve) => {
    const seen: string[] = [];
    onLive(client, "seat:change", (e) => {
      seen.push(e.data.seat);
      if (e.data.seat === marker) resolve(seen);
    });
  });
}

describe("handshake", () => {
  it("refuses a connection without a token", async () => {
    const before = (await fx.metrics.socketRejected.get()).values.find(
      (v) => v.labels.reason === "UNAUTHENTICATED",
    );
    await expect(connected(fx.connect(undefined))).rejects.toThrow(/UNAUTHENTICATED/);
    const after = (await fx.metrics.socketRejected.get()).values.find(
      (v) => v.labels.reason === "UNAUTHENTICATED",
    );
    expect((after?.value ?? 0) - (before?.value ?? 0)).toBe(1);
  });

  it("refuses a token signed with another secret", async () => {
    const forged = await new SignJWT({ role: "admin", typ: "access" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("someone")
      .setIssuer("sitewatch-hub")
      .setAudience("sitewatch")
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode("not-the-secret-of-this-hub-at-all-really"));
    await expect(connected(fx.connect(forged))).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it("refuses an expired token and a garbage token", async () => {
    const admin = await fx.auth.authenticate(fx.adminToken);
    const expired = await fx.auth.signAccessToken(admin.userId, "admin", Date.now() - 3_600_000);
    await expect(connected(fx.connect(expired))).rejects.toThrow(/UNAUTHENTICATED: access token expired/);
    await expect(connected(fx.connect("not.a.jwt"))).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it("disconnects a dashboard when its access token expires", async () => {
    const admin = await fx.auth.authenticate(fx.adminToken);
    // Issued so that it expires 1.5 s from now (access tokens live 900 s in the fixture).
    const shortLived = await fx.auth.signAccessToken(admin.userId, "admin", Date.now() - 898_500);
    const client = fx.connect(shortLived);
    await connected(client);
    const reason = await new Promise<string>((resolve) => client.once("disconnect", resolve));
    expect(reason).toBe("io server disconnect");
  });

  it("greets an authenticated dashboard and counts it", async () => {
    const client = fx.connect(fx.adminToken);
    const hello = await new Promise<unknown>((resolve) => client.once("server:hello", resolve));
    expect(hello).toMatchObject({ protocol: 1, instance: "hub-test" });
    expect((await fx.metrics.socketClients.get()).values[0]?.value).toBeGreaterThanOrEqual(1);
    client.disconnect();
  });
});

describe("site rooms", () => {
  it("answers FORBIDDEN when a site manager joins another site, and leaks nothing from it", async () => {
    const client = fx.connect(fx.managerToken);
    await connected(client);
    const refused = await client.timeout(5_000).emitWithAck("site:join", { site: "site-b" });
    expect(refused).toEqual({ ok: false, error: { code: "FORBIDDEN", message: expect.any(String) } });
    await client.timeout(5_000).emitWithAck("site:join", { site: "site-a" });
    const received = seatsUntil(client, "MARK");
    fx.server.broadcaster.live("seatChange", seatChange("site-b", "B1"));
    fx.server.broadcaster.alert("alert:raised", {
      id: "al-1",
      site: "site-b",
      kind: "seat-held",
      subject: "B1",
      since: Date.now(),
      raisedAt: Date.now(),
      message: "held",
    });
    fx.server.broadcaster.live("seatChange", seatChange("site-a", "MARK"));
    expect(await received).toEqual(["MARK"]);
    client.disconnect();
  });

  it("delivers a broadcast to its site's room only", async () => {
    const a = await joined(fx.adminToken, "site-a");
    const b = await joined(fx.adminToken, "site-b");
    const atA = seatsUntil(a, "A-END");
    const atB = seatsUntil(b, "B-END");
    fx.server.broadcaster.live("seatChange", seatChange("site-a", "A1"));
    fx.server.broadcaster.live("seatChange", seatChange("site-b", "B1"));
    fx.server.broadcaster.live("seatChange", seatChange("site-a", "A-END"));
    fx.server.broadcaster.live("seatChange", seatChange("site-b", "B-END"));
    expect(await atA).toEqual(["A1", "A-END"]);
    expect(await atB).toEqual(["B1", "B-END"]);
    a.disconnect();
    b.disconnect();
  });

  it("rejects malformed requests with VALIDATION_FAILED and unknown sites with NOT_FOUND", async () => {
    const client = fx.connect(fx.adminToken);
    await connected(client);
    const bad = await client.timeout(5_000).emitWithAck("site:join", { site: "a/b#" });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    const missing = await client.timeout(5_000).emitWithAck("site:join", { site: "nowhere" });
    expect(missing).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // Not even an object: still an answer, and the connection survives.
    const garbage = await client.timeout(5_000).emitWithAck("alert:acknowledge", 42 as never);
    expect(garbage).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await client.timeout(5_000).emitWithAck("alert:acknowledge", { id: "al-1" })).toEqual({
      ok: true,
    });
    expect(client.connected).toBe(true);
    client.disconnect();
  });

  it("sends live frames only to the camera's viewers", async () => {
    const viewer = await joined(fx.adminToken, "site-a");
    const bystander = await joined(fx.adminToken, "site-a");
    expect(
      await viewer
        .timeout(5_000)
        .emitWithAck("live:watch", { site: "site-a", device: "edge-01", camera: "cam-01" }),
    ).toMatchObject({ ok: true, data: { session: expect.any(String) } });
    const frames: string[] = [];
    bystander.on("live:frame", () => frames.push("bystander"));
    const got = new Promise<void>((resolve) => viewer.on("live:frame", () => resolve()));
    const atBystander = seatsUntil(bystander, "END");
    fx.server.broadcaster.live("liveFrame", {
      site: "site-a",
      device: "edge-01",
      camera: "cam-01",
      data: examples.liveFrame as LiveEvent<"liveFrame">["data"],
    });
    await got;
    fx.server.broadcaster.live("seatChange", seatChange("site-a", "END"));
    await atBystander;
    expect(frames).toEqual([]);
    viewer.disconnect();
    bystander.disconnect();
  });
});
