import type { HubAlert } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { notificationDeliveries, sites } from "../db/schema/index.js";
import { createHubEventBus } from "../events/domain-events.js";
import { migratedDatabase } from "../ingest/ingest.test-support.js";
import { createLogger } from "../observability/logger.js";
import { createChannelSenders } from "./channel-senders.js";
import { createChannel } from "./channel-store.js";
import { enqueueDeliveries, pruneDeliveries, recordAttempt } from "./delivery-store.js";
import { startHttpReceiver, startSmtpReceiver, waitFor } from "./notification.test-support.js";
import { NotificationDispatcher } from "./notification-dispatcher.js";
import { notificationMetrics } from "./notification-metrics.js";
import { verifySignature } from "./signature.js";

// Alert events on a real bus become deliveries in a real (PGlite) database, sent over loopback to real
// receivers: an HTTP server that checks the signature, one that fails and recovers, ntfy and SMTP.
const logger = createLogger("silent");
let database: Database;
const bus = createHubEventBus({ logger });
const registry = new Registry();
const metrics = notificationMetrics(registry);
const closers: (() => Promise<void>)[] = [];
let site = 0;
let seq = 0;

function alert(siteId: string, over: Partial<HubAlert> = {}): HubAlert {
  seq += 1;
  const id = `0190f0a0-0000-7000-8000-${String(seq).padStart(12, "0")}`;
  return {
    id,
    site: siteId,
    kind: "seat-held",
    subject: "1A",
    since: 1,
    message: "Seat 1A held 31 min",
    raisedAt: 2,
    ...over,
  };
}

async function newSite(timezone = "UTC"): Promise<string> {
  site += 1;
  const id = `site-${site}`;
  await database.db.insert(sites).values({ id, name: `Site ${site}`, timezone });
  return id;
}

function dispatcher(extra: Partial<ConstructorParameters<typeof NotificationDispatcher>[0]> = {}) {
  const d = new NotificationDispatcher({
    db: database.db,
    events: bus,
    logger,
    metrics,
    pollMs: 50,
    retry: { maxAttempts: 4, baseMs: 100, maxMs: 400, jitter: 0 },
    senders: createChannelSenders({ timeoutMs: 2_000, smtpTls: { rejectUnauthorized: false } }),
    ...extra,
  });
  d.start();
  closers.push(() => d.stop());
  return d;
}

async function deliveriesOf(channelId: string) {
  return database.db
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.channelId, channelId));
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  await database.close();
});

describe("notification dispatcher", () => {
  it("signs webhooks so the receiver can verify them", async () => {
    const s = await newSite();
    let secret = "";
    const receiver = await startHttpReceiver({
      check: (r) =>
        verifySignature({
          secret,
          rawBody: r.rawBody,
          signature: r.headers["x-sitewatch-signature"] as string,
          timestamp: r.headers["x-sitewatch-timestamp"] as string,
          nowS: Math.floor(Date.now() / 1000),
        }) === null
          ? 204
          : 401,
    });
    closers.push(receiver.close);
    const { row, shownSecret } = await createChannel(database.db, s, {
      kind: "webhook",
      name: "hook",
      config: { url: receiver.url },
    });
    secret = shownSecret ?? "";
    dispatcher();
    const raised = alert(s);
    bus.emit("alertRaised", raised);
    bus.emit("alertResolved", { ...raised, resolvedAt: 3 });
    await waitFor(() => receiver.received.length === 2);
    expect(receiver.received.map((r) => r.status)).toEqual([204, 204]);
    const bodies = receiver.received.map((r) => JSON.parse(r.rawBody));
    expect(bodies.map((b) => b.event).sort()).toEqual(["raised", "resolved"]);
    expect(bodies[0]).toMatchObject({ site: { id: s, name: expect.any(String) }, alert: { id: raised.id } });
    await waitFor(async () => (await deliveriesOf(row.id)).every((d) => d.status === "sent"));
    expect((await deliveriesOf(row.id)).map((d) => d.responseCode)).toEqual([204, 204]);
  });

  it("retries a failing receiver with backoff and delivers each event exactly once", async () => {
    const s = await newSite();
    const receiver = await startHttpReceiver({ statuses: [500, 503, 200] });
    closers.push(receiver.close);
    const { row } = await createChannel(database.db, s, {
      kind: "webhook",
      name: "flaky",
      config: { url: receiver.url },
    });
    dispatcher();
    const raised = alert(s);
    bus.emit("alertRaised", raised);
    // The same event again (a second hub instance, a repeated emit): still one delivery.
    bus.emit("alertRaised", raised);
    await waitFor(async () => (await deliveriesOf(row.id))[0]?.status === "sent");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.map((r) => r.status)).toEqual([500, 503, 200]);
    const ids = new Set(receiver.received.map((r) => r.headers["x-sitewatch-delivery"]));
    expect(ids.size).toBe(1);
    const [delivery] = await deliveriesOf(row.id);
    expect(delivery).toMatchObject({ attempt: 3, status: "sent", responseCode: 200 });
    // Backoff: 100 ms after the first failure, 200 ms after the second (the poll adds up to 50 ms).
    const [first, second, third] = receiver.received.map((r) => r.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(90);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(190);
    expect(await registry.getSingleMetricAsString("sitewatch_notifications_attempts_total")).toMatch(
      /kind="webhook",outcome="retry"} [2-9]/,
    );
  });

  it("gives up after the last attempt, and at once on a 4xx refusal", async () => {
    const s = await newSite();
    const down = await startHttpReceiver({ statuses: [500] });
    const refusing = await startHttpReceiver({ statuses: [404] });
    closers.push(down.close, refusing.close);
    const a = await createChannel(database.db, s, {
      kind: "webhook",
      name: "down",
      config: { url: down.url },
    });
    const b = await createChannel(database.db, s, {
      kind: "webhook",
      name: "gone",
      config: { url: refusing.url },
    });
    dispatcher();
    bus.emit("alertRaised", alert(s));
    await waitFor(async () => (await deliveriesOf(a.row.id))[0]?.status === "failed");
    expect(down.received).toHaveLength(4);
    expect((await deliveriesOf(a.row.id))[0]).toMatchObject({
      attempt: 4,
      lastError: "HTTP 500: receiver broken",
    });
    await waitFor(async () => (await deliveriesOf(b.row.id))[0]?.status === "failed");
    expect(refusing.received).toHaveLength(1);
  });

  it("routes by alert kind and event, and skips seat alerts in the site's quiet hours", async () => {
    // 12:00 in Seoul at the dispatcher's clock: inside the quiet hours, which are read in the site's zone.
    const s = await newSite("Asia/Seoul");
    const receiver = await startHttpReceiver();
    closers.push(receiver.close);
    const quiet = { start: "00:00", end: "23:59" };
    const cameras = await createChannel(database.db, s, {
      kind: "ntfy",
      name: "cameras only",
      config: { url: `${receiver.url}/cameras` },
      alertKinds: ["camera-offline"],
    });
    await createChannel(database.db, s, {
      kind: "ntfy",
      name: "night",
      config: { url: `${receiver.url}/night` },
      quietHours: quiet,
      events: ["raised"],
    });
    const d = dispatcher({ now: () => Date.parse("2025-01-01T03:00:00Z") });
    expect(await d.onAlert("raised", alert(s))).toBe(0);
    expect(await d.onAlert("raised", alert(s, { kind: "camera-offline", subject: "edge-1/cam-1" }))).toBe(2);
    expect(await d.onAlert("resolved", alert(s, { kind: "camera-offline", subject: "edge-1/cam-2" }))).toBe(
      1,
    );
    await waitFor(() => receiver.received.length === 3);
    expect(receiver.received.map((r) => r.url).sort()).toEqual([
      "/hook/cameras",
      "/hook/cameras",
      "/hook/night",
    ]);
    expect((await deliveriesOf(cameras.row.id)).map((x) => x.event).sort()).toEqual(["raised", "resolved"]);
    expect(await registry.getSingleMetricAsString("sitewatch_notifications_skipped_total")).toMatch(
      /reason="quiet-hours"/,
    );
  });

  it("pushes ntfy messages with title, priority, tags and the bearer token", async () => {
    const s = await newSite();
    const receiver = await startHttpReceiver();
    closers.push(receiver.close);
    await createChannel(database.db, s, {
      kind: "ntfy",
      name: "phone",
      config: { url: `${receiver.url}/alerts`, tags: ["warning"] },
      secret: "tk_secret",
    });
    dispatcher();
    bus.emit(
      "alertRaised",
      alert(s, { kind: "device-offline", subject: "edge-1", message: "Device edge-1 offline" }),
    );
    await waitFor(() => receiver.received.length === 1);
    const [push] = receiver.received;
    expect(push?.method).toBe("POST");
    expect(push?.headers).toMatchObject({
      title: `[Site ${site}] Alert: device-offline edge-1`,
      priority: "5",
      tags: "device-offline,raised,warning",
      authorization: "Bearer tk_secret",
    });
    expect(push?.rawBody).toMatch(/^Device edge-1 offline\nSite: /);
  });

  it("mails over SMTP with STARTTLS and login", async () => {
    const s = await newSite();
    const smtp = await startSmtpReceiver({
      user: "alerts",
      password: "smtp-pass",
      authMethods: ["PLAIN", "LOGIN"],
    });
    closers.push(smtp.close);
    const { row } = await createChannel(database.db, s, {
      kind: "email",
      name: "ops mail",
      config: {
        host: "127.0.0.1",
        port: smtp.port,
        security: "starttls",
        user: "alerts",
        from: "hub@example.com",
        to: ["ops@example.com", "lead@example.com"],
      },
      secret: "smtp-pass",
    });
    dispatcher();
    bus.emit("alertRaised", alert(s, { message: "Seat 1A held 31 min" }));
    await waitFor(() => smtp.mails.length === 1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({ from: "hub@example.com", to: ["ops@example.com", "lead@example.com"] });
    expect(mail).toMatchObject({ user: "alerts", secure: true });
    expect(mail?.raw).toMatch(new RegExp(`^Subject: \\[Site ${site}\\] Alert: seat-held 1A`, "m"));
    expect(mail?.raw).toMatch(/^X-Sitewatch-Event: raised/m);
    expect(mail?.raw).toContain("Seat 1A held 31 min");
    await waitFor(async () => (await deliveriesOf(row.id))[0]?.status === "sent");
    expect((await deliveriesOf(row.id))[0]?.responseCode).toBe(250);
  });

  it("treats a refused SMTP login as a permanent failure", async () => {
    const s = await newSite();
    const smtp = await startSmtpReceiver({
      user: "alerts",
      password: "right",
      authMethods: ["PLAIN", "LOGIN"],
    });
    closers.push(smtp.close);
    const { row } = await createChannel(database.db, s, {
      kind: "email",
      name: "bad password",
      config: {
        host: "127.0.0.1",
        port: smtp.port,
        security: "starttls",
        user: "alerts",
        from: "a@example.com",
        to: ["b@example.com"],
      },
      secret: "wrong",
    });
    dispatcher();
    bus.emit("alertRaised", alert(s));
    await waitFor(async () => (await deliveriesOf(row.id))[0]?.status === "failed");
    expect(smtp.mails).toHaveLength(0);
    expect((await deliveriesOf(row.id))[0]).toMatchObject({ attempt: 1, responseCode: 535 });
  });

  it("prunes the log by age and by count, never a pending delivery", async () => {
    const s = await newSite();
    const { row } = await createChannel(database.db, s, {
      kind: "ntfy",
      name: "log",
      config: { url: "http://127.0.0.1:9/" },
    });
    const day = 86_400_000;
    const made = [];
    for (const [i, at] of [40 * day, 39 * day, 3 * day, 2 * day, 1 * day].entries()) {
      const [d] = await enqueueDeliveries(
        database.db,
        [{ siteId: s, channelId: row.id, event: "raised", alert: alert(s) }],
        Date.now() - at,
      );
      if (d && i !== 1)
        await recordAttempt(database.db, d.id, { ok: true, responseCode: 200 }, Date.now(), null);
      made.push(d?.id);
    }
    await pruneDeliveries(database.db, Date.now(), { maxAgeMs: 30 * day, maxRowsPerChannel: 2 });
    const left = (await deliveriesOf(row.id)).map((d) => d.id).sort();
    // Gone: the 40-day-old sent one (age) and the 3-day-old one (count); the old pending one stays.
    expect(left).toEqual([made[1], made[3], made[4]].sort());
  });
});
