import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HubAlert } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../auth/users.js";
import type { HubConfig } from "../config.js";
import { Hub } from "../hub.js";
import { createLogger } from "../observability/logger.js";
import { testHubConfig } from "../testing/test-hub.js";
import { createChannelSenders } from "./channel-senders.js";
import { startHttpReceiver, waitFor } from "./notification.test-support.js";
import { verifySignature } from "./signature.js";

// The whole hub: channels over REST (admins write, site managers read, secrets shown once), a test
// send, the delivery log in cursor pages, and a delivery left pending by a stopped hub sent after restart.
const ADMIN = { email: "admin@example.com", password: "correct-horse-battery" };
const MANAGER = { email: "manager@example.com", password: "correct-horse-battery" };
let dataDir: string;
let config: HubConfig;
let hub: Hub;
let base: string;
const tokens: Record<string, string> = {};

async function boot(): Promise<void> {
  hub = new Hub(config, {
    logger: createLogger("silent"),
    skipInitialAdmin: true,
    notifications: {
      pollMs: 50,
      // Long enough that the retry cannot come before the stop in the restart test.
      retry: { maxAttempts: 5, baseMs: 2_000, maxMs: 4_000, jitter: 0 },
      senders: createChannelSenders({ timeoutMs: 2_000 }),
    },
  });
  await hub.start();
  base = `http://127.0.0.1:${hub.ports().http}`;
  config = { ...config, http: { ...config.http, port: hub.ports().http } };
}

async function api(path: string, init: { method?: string; body?: unknown; as?: string } = {}) {
  const token = tokens[init.as ?? "admin"];
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const channels = "/api/v1/sites/cafe-1/notification-channels";

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "notifications-hub-"));
  config = { ...testHubConfig(dataDir), database: { kind: "pglite", dir: join(dataDir, "db") } };
  await boot();
  const { db } = hub.parts.database;
  await createUser(db, { ...ADMIN, role: "admin" });
  tokens.admin = (await api("/api/v1/auth/login", { body: ADMIN })).body.accessToken;
  await api("/api/v1/sites", { body: { id: "cafe-1", name: "Cafe One" } });
  await api("/api/v1/sites", { body: { id: "cafe-2", name: "Cafe Two" } });
  await createUser(db, { ...MANAGER, role: "site_manager", sites: ["cafe-1"] });
  tokens.manager = (await api("/api/v1/auth/login", { body: MANAGER })).body.accessToken;
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("notification channels over REST", () => {
  it("shows a webhook's secret once, masks secrets after, and lets only admins write", async () => {
    const created = await api(channels, {
      body: { kind: "webhook", name: "ops", config: { url: "http://127.0.0.1:9/x" } },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const ntfy = await api(channels, {
      body: { kind: "ntfy", name: "phone", config: { url: "http://127.0.0.1:9/t" }, secret: "tk_1" },
    });
    expect(ntfy.body).toMatchObject({ hasSecret: true, config: { url: "http://127.0.0.1:9/t" } });
    expect(JSON.stringify(ntfy.body)).not.toContain("tk_1");

    const listed = await api(channels, { as: "manager" });
    expect(listed.status).toBe(200);
    expect(listed.body.channels).toHaveLength(2);
    expect(JSON.stringify(listed.body)).not.toMatch(/whsec_|tk_1/);
    const one = await api(`${channels}/${created.body.id}`, { as: "manager" });
    expect(one.body).toMatchObject({ name: "ops", hasSecret: true });
    expect(one.body.secret).toBeUndefined();

    expect(
      (
        await api(channels, {
          as: "manager",
          body: { kind: "webhook", name: "x", config: { url: "http://a/" } },
        })
      ).status,
    ).toBe(403);
    expect((await api(`${channels}/${created.body.id}`, { as: "manager", method: "DELETE" })).status).toBe(
      403,
    );
    expect((await api("/api/v1/sites/cafe-2/notification-channels", { as: "manager" })).status).toBe(403);

    const rotated = await api(`${channels}/${created.body.id}`, {
      method: "PATCH",
      body: { rotateSecret: true },
    });
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const badConfig = await api(`${channels}/${ntfy.body.id}`, {
      method: "PATCH",
      body: { config: { url: "ftp://x" } },
    });
    expect(badConfig.status).toBe(400);
    expect((await api(`${channels}/${created.body.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(`${channels}/${ntfy.body.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(`${channels}/${created.body.id}`)).status).toBe(404);
  });

  it("sends a test notification and logs it; the log pages with a cursor and filters by channel", async () => {
    const receiver = await startHttpReceiver({ statuses: [200, 200, 500] });
    try {
      const hook = await api(channels, {
        body: { kind: "webhook", name: "test me", config: { url: receiver.url } },
      });
      const other = await api(channels, {
        body: { kind: "ntfy", name: "other", config: { url: receiver.url } },
      });
      const sent = await api(`${channels}/${hook.body.id}/test`, { method: "POST" });
      expect(sent.body).toMatchObject({ event: "test", status: "sent", responseCode: 200, attempt: 1 });
      const raw = receiver.received[0]?.rawBody ?? "";
      expect(JSON.parse(raw)).toMatchObject({
        event: "test",
        alert: null,
        site: { id: "cafe-1", name: "Cafe One" },
      });
      const headers = receiver.received[0]?.headers ?? {};
      const verdict = verifySignature({
        secret: hook.body.secret,
        rawBody: raw,
        signature: headers["x-sitewatch-signature"] as string,
        timestamp: headers["x-sitewatch-timestamp"] as string,
        nowS: Math.floor(Date.now() / 1000),
      });
      expect(verdict).toBeNull();
      await api(`${channels}/${other.body.id}/test`, { method: "POST" });
      const failed = await api(`${channels}/${hook.body.id}/test`, { method: "POST" });
      expect(failed.body).toMatchObject({
        status: "failed",
        responseCode: 500,
        lastError: "HTTP 500: receiver broken",
      });
      // Not retried: a test answers now or not at all.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received).toHaveLength(3);

      const page1 = await api(
        `/api/v1/sites/cafe-1/notification-deliveries?channel=${hook.body.id}&limit=1`,
        { as: "manager" },
      );
      expect(page1.body.deliveries).toMatchObject([{ status: "failed" }]);
      const page2 = await api(
        `/api/v1/sites/cafe-1/notification-deliveries?channel=${hook.body.id}&limit=1&cursor=${page1.body.nextCursor}`,
      );
      expect(page2.body).toMatchObject({ deliveries: [{ status: "sent" }], nextCursor: null });
      const all = await api("/api/v1/sites/cafe-1/notification-deliveries");
      expect(all.body.deliveries).toHaveLength(3);
      expect((await api(`${channels}/${hook.body.id}/test`, { method: "POST", as: "manager" })).status).toBe(
        403,
      );
      await api(`${channels}/${hook.body.id}`, { method: "DELETE" });
      await api(`${channels}/${other.body.id}`, { method: "DELETE" });
    } finally {
      await receiver.close();
    }
  });
});

describe("deliveries across a restart", () => {
  it("sends a delivery that was pending when the hub stopped, once, after it starts again", async () => {
    let up = false;
    const receiver = await startHttpReceiver({ check: () => (up ? 200 : 503) });
    try {
      const hook = await api(channels, {
        body: {
          kind: "webhook",
          name: "restart",
          config: { url: receiver.url },
          alertKinds: ["device-offline"],
        },
      });
      const alert: HubAlert = {
        id: "0190f0a0-0000-7000-8000-00000000a1e7",
        site: "cafe-1",
        kind: "device-offline",
        subject: "edge-1",
        since: Date.now() - 60_000,
        message: "Device edge-1 is offline",
        raisedAt: Date.now(),
      };
      hub.parts.events.emit("alertRaised", alert);
      await waitFor(() => receiver.received.length === 1);
      const pending = await api(`/api/v1/sites/cafe-1/notification-deliveries?channel=${hook.body.id}`);
      await waitFor(async () => {
        const list = await api(`/api/v1/sites/cafe-1/notification-deliveries?channel=${hook.body.id}`);
        return list.body.deliveries[0]?.responseCode === 503;
      });
      expect(pending.body.deliveries).toMatchObject([
        { status: "pending", event: "raised", alertKind: "device-offline" },
      ]);

      await hub.stop();
      up = true;
      await boot();
      await waitFor(() => receiver.received.filter((r) => r.status === 200).length === 1);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(receiver.received.map((r) => r.status)).toEqual([503, 200]);
      const [delivered] = (await api(`/api/v1/sites/cafe-1/notification-deliveries?channel=${hook.body.id}`))
        .body.deliveries;
      expect(delivered).toMatchObject({ status: "sent", attempt: 2, responseCode: 200, alertId: alert.id });
      expect(JSON.parse(receiver.received[1]?.rawBody ?? "{}").alert).toEqual(alert);
    } finally {
      await receiver.close();
    }
  });
});
