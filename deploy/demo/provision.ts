import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DemoPaths } from "./demo-env.js";
import type { DemoSite } from "./demo-site.js";
import type { HubApi } from "./hub-api.js";

export const AGENT_CREDENTIALS_FILE = "sitewatch-agent.credentials.json";

interface Device {
  id: string;
  configRevision: number;
  online: boolean;
  /** Epoch ms of the device's last status or heartbeat. */
  lastSeenAt: number | null;
}
interface Seat {
  id: string;
  camera: string;
  polygon: [number, number][];
  kind: string;
  active: boolean;
}

/**
 * Creates whatever of the demo is missing, through the same REST API the dashboard uses, as an admin:
 * the site, the demo site manager, the edge device (enrolled with a one-time token, as `edge-agent init`
 * does), its cameras (the gate camera only when its clip can be made) and the seats. Each step checks first, so a run interrupted half-way, or any later
 * run, just carries on.
 */
export async function provisionDemo(
  api: HubApi,
  site: DemoSite,
  paths: DemoPaths,
  demoPassword: string,
  log: (line: string) => void,
  withGate: boolean,
): Promise<void> {
  const s = site.site.id;
  if (!(await api.find(`/api/v1/sites/${s}`))) {
    await api.post("/api/v1/sites", { id: s, name: site.site.name, timezone: site.site.timezone });
    log(`created site ${s}`);
  }
  const { users } = await api.get<{ users: { email: string }[] }>("/api/v1/users");
  if (!users.some((u) => u.email === site.demoUser.email)) {
    await api.post("/api/v1/users", {
      email: site.demoUser.email,
      password: demoPassword,
      role: "site_manager",
      sites: [s],
      displayName: site.demoUser.displayName,
    });
    log(`created site manager ${site.demoUser.email}`);
  }
  await enrolDevice(api, site, paths, log);
  const { cameras } = await api.get<{ cameras: { id: string }[] }>(
    `/api/v1/sites/${s}/cameras?device=${site.device.id}`,
  );
  if (!cameras.some((c) => c.id === site.camera.id)) {
    // No URL: the stream address changes with every run (RTSP port) and only the device needs it.
    await api.post(`/api/v1/sites/${s}/devices/${site.device.id}/cameras`, {
      id: site.camera.id,
      name: site.camera.name,
      role: "seats",
      sampleIntervalMs: site.camera.intervalMs,
    });
    log(`created camera ${site.camera.id}`);
  }
  const gate = site.gateCamera;
  if (withGate && !cameras.some((c) => c.id === gate.id)) {
    await api.post(`/api/v1/sites/${s}/devices/${site.device.id}/cameras`, {
      id: gate.id,
      name: gate.name,
      role: "gate",
      sampleIntervalMs: gate.intervalMs,
    });
    log(`created camera ${gate.id}`);
  }
  const existing = await demoSeats(api, site);
  // Seats are laid out once; later edits in the seat editor (or deletions) are the user's to keep.
  if (existing.length === 0) {
    for (const seat of site.seats) {
      await api.post(`/api/v1/sites/${s}/seats`, {
        id: seat.id,
        device: site.device.id,
        camera: site.camera.id,
        polygon: seat.polygon,
        kind: "other",
        layout: seat.layout,
      });
    }
    log(`created ${site.seats.length} seats`);
  }
}

async function enrolDevice(api: HubApi, site: DemoSite, paths: DemoPaths, log: (l: string) => void) {
  const s = site.site.id;
  if (await api.find(`/api/v1/sites/${s}/devices/${site.device.id}`)) return;
  const { token } = await api.post<{ token: string }>(`/api/v1/sites/${s}/enrollment-tokens`, {
    note: "npm start demo",
    expiresInS: 600,
  });
  const enrolled = await api.post<{ mqtt: { username: string; password: string } }>(
    "/api/v1/devices/enroll",
    {
      token,
      deviceId: site.device.id,
      name: site.device.name,
    },
  );
  const file = join(paths.agent, AGENT_CREDENTIALS_FILE);
  const { username, password } = enrolled.mqtt;
  writeFileSync(file, `${JSON.stringify({ username, password }, null, 2)}\n`, { mode: 0o600 });
  log(`enrolled device ${site.device.id}`);
}

/** What the hub holds for the demo device now: the config revision and the camera's seats. */
export async function deviceState(api: HubApi, site: DemoSite): Promise<{ revision: number; seats: Seat[] }> {
  const device = await api.get<Device>(`/api/v1/sites/${site.site.id}/devices/${site.device.id}`);
  return { revision: device.configRevision, seats: await demoSeats(api, site) };
}

/** Whether the demo device has reported to the hub (status or heartbeat) since `since` (epoch ms). */
export async function deviceSeenSince(api: HubApi, site: DemoSite, since: number): Promise<boolean> {
  const device = await api.get<Device>(`/api/v1/sites/${site.site.id}/devices/${site.device.id}`);
  return device.online && (device.lastSeenAt ?? 0) >= since;
}

async function demoSeats(api: HubApi, site: DemoSite): Promise<Seat[]> {
  const { seats } = await api.get<{ seats: Seat[] }>(
    `/api/v1/sites/${site.site.id}/seats?device=${site.device.id}&camera=${site.camera.id}`,
  );
  return seats;
}
