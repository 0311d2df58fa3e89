import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selfSignedCert } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hub } from "./hub.js";
import { createLogger } from "./observability/logger.js";
import { testHubConfig } from "./testing/test-hub.js";

// With certificate paths configured, the same HTTP port speaks HTTPS (REST, docs and Socket.IO).
let dir: string;
let hub: Hub;
let ca: Buffer;

function httpsGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port, path, ca, servername: "localhost" }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sitewatch-https-"));
  const { certFile, keyFile } = selfSignedCert(dir);
  ca = readFileSync(certFile);
  const config = testHubConfig(dir, { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile });
  hub = new Hub(config, { logger: createLogger("silent") });
  await hub.start();
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("hub over TLS", () => {
  it("serves HTTPS with the configured certificate", async () => {
    const health = await httpsGet(hub.ports().http, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
  });

  it("refuses plain HTTP on the TLS port", async () => {
    await expect(fetch(`http://127.0.0.1:${hub.ports().http}/healthz`)).rejects.toThrow();
  });
});
