import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The real hub, from its sources: the setup commands are tested against the same enrolment route,
// broker authentication and HTTP server that a site runs, not a mock of them.
import { createUser } from "../../../hub/src/auth/users.js";
import { Hub } from "../../../hub/src/hub.js";
import { testHubConfig } from "../../../hub/src/hub.test-support.js";
import { createLogger } from "../../../hub/src/observability/logger.js";

export interface AgentTestHub {
  url: string;
  mqttUrl: string;
  site: string;
  /** A fresh single-use enrolment token for `site`, made by an admin through the REST API. */
  newToken(): Promise<string>;
  /** GET or POST on the hub's REST API as that admin; throws on an error status. */
  api(path: string, body?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const ADMIN = { email: "installer-admin@example.com", password: "correct-horse-battery" };

export async function startAgentTestHub(site = "cafe-1"): Promise<AgentTestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "agent-hub-"));
  const hub = new Hub(testHubConfig(dataDir), { logger: createLogger("silent"), skipInitialAdmin: true });
  await hub.start();
  const ports = hub.ports();
  const url = `http://127.0.0.1:${ports.http}`;
  await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  const api = async (path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { accessToken } = (await api("/api/v1/auth/login", ADMIN)) as { accessToken: string };
  await api("/api/v1/sites", { id: site, name: "Test café" }, accessToken);
  return {
    url,
    mqttUrl: `mqtt://127.0.0.1:${ports.mqtt}`,
    site,
    api: (path, body) => api(path, body, accessToken),
    newToken: async () =>
      (
        (await api(`/api/v1/sites/${site}/enrollment-tokens`, { note: "test" }, accessToken)) as {
          token: string;
        }
      ).token,
    close: async () => {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
