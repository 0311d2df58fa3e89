import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  ClientToServerEvents,
  FocusAlert,
  FocusSessionInfo,
  FocusState,
  ServerToClientEvents,
} from "@sitewatch/shared-protocol";
import { onLive } from "@sitewatch/shared-protocol";
import type { FaceSample } from "@sitewatch/shared-protocol/attention";
import { io as connectClient, type Socket } from "socket.io-client";
import { createUser } from "../../../auth/users.js";
import { sites } from "../../../db/schema/index.js";
import { Hub } from "../../../hub.js";
import { createLogger } from "../../../observability/logger.js";
import { testHubConfig } from "../../../testing/test-hub.js";
import type { FocusLimits } from "./focus-limits.js";

/** Test-only: a whole hub (PGlite) with users in two sites and real socket.io-client connections. */
export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export const open: FaceSample = {
  ear: 0.3,
  earLeft: 0.3,
  earRight: 0.3,
  mar: 0.05,
  yaw: 0,
  pitch: 0,
  roll: 0,
};
export const closed: FaceSample = { ...open, ear: 0.05, earLeft: 0.05, earRight: 0.05 };

/** What one connection received, by event. */
export interface Seen {
  states: FocusState[];
  alerts: FocusAlert[];
  sessions: FocusSessionInfo[];
  ended: unknown[];
}

export interface FocusFixture {
  hub: Hub;
  /** Access tokens: two users of site-a (a learner and a manager watching) and one of site-b. */
  tokens: { learner: string; manager: string; outsider: string };
  userIds: { learner: string; manager: string };
  connect(token: string): Promise<{ socket: Client; seen: Seen }>;
  close(): Promise<void>;
}

export async function startFocusHub(limits: Partial<FocusLimits>): Promise<FocusFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "focus-hub-"));
  const hub = new Hub(testHubConfig(dataDir), {
    logger: createLogger("silent"),
    skipInitialAdmin: true,
    roles: { attention: { focus: limits } },
  });
  await hub.start();
  const { db } = hub.parts.database;
  await db.insert(sites).values([
    { id: "site-a", name: "A" },
    { id: "site-b", name: "B" },
  ]);
  const user = async (name: string, site: string) => {
    const u = await createUser(db, {
      email: `${name}@x.test`,
      password: "password-123",
      role: "site_manager",
      sites: [site],
    });
    return { id: u.id, token: await hub.parts.auth.signAccessToken(u.id, "site_manager") };
  };
  const learner = await user("learner", "site-a");
  const manager = await user("manager", "site-a");
  const outsider = await user("outsider", "site-b");
  const url = `http://127.0.0.1:${hub.ports().http}`;
  const clients: Client[] = [];
  return {
    hub,
    tokens: { learner: learner.token, manager: manager.token, outsider: outsider.token },
    userIds: { learner: learner.id, manager: manager.id },
    async connect(token) {
      const socket: Client = connectClient(url, {
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      clients.push(socket);
      const seen: Seen = { states: [], alerts: [], sessions: [], ended: [] };
      socket.on("focus:state", (s) => seen.states.push(s));
      socket.on("focus:alert", (a) => seen.alerts.push(a));
      socket.on("focus:ended", (e) => seen.ended.push(e));
      onLive(socket, "focus:session", (e) => seen.sessions.push(e.data));
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return { socket, seen };
    },
    async close() {
      for (const c of clients) c.disconnect();
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Sends a request and resolves with its acknowledgement. */
export function call<T = unknown>(socket: Client, event: string, req: unknown): Promise<Ack<T>> {
  return new Promise((resolve) => {
    (socket as unknown as { emit(e: string, r: unknown, ack: (a: Ack<T>) => void): void }).emit(
      event,
      req,
      resolve,
    );
  });
}

/** Like `call`, but throws unless the request succeeded; returns its data. */
export async function ok<T = unknown>(socket: Client, event: string, req: unknown): Promise<T> {
  const ack = await call<T>(socket, event, req);
  if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Emits samples at 30/s of capture time (sent at once): `plan` lists [face, seconds] spans. */
export function sendSamples(
  socket: Client,
  session: string,
  plan: [FaceSample | null, number][],
  from: { seq: number; at: number },
): { seq: number; at: number } {
  let { seq, at } = from;
  for (const [face, seconds] of plan) {
    for (let i = 0; i < Math.round(seconds * 30); i++) {
      socket.emit("focus:sample", { session, seq, at: Math.round(at), face });
      seq += 1;
      at += 1000 / 30;
    }
  }
  return { seq, at };
}
