import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeFrame, type FrameReply, frameReplySchema } from "@sitewatch/shared-protocol";
import { media } from "@sitewatch/testkit";
import { WebSocket } from "ws";
import { FRAME_PATH } from "./frame-socket.js";

/** The face clip the frame tests and the benchmark send: a real webcam-framed face with a blink. */
export const FACE_CLIP = media("faces/single_face.mp4");

/**
 * The clip's frames as 640×480 JPEGs (640×360 padded top and bottom, as a 4:3 webcam would frame it),
 * extracted once with FFmpeg into a cache directory shared by test files and the benchmark.
 */
export function faceJpegs(): Buffer[] {
  const dir = join(tmpdir(), "sitewatch-face-frames-v1");
  if (!existsSync(join(dir, "done"))) {
    const work = `${dir}.${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    execFileSync("ffmpeg", [
      "-loglevel",
      "error",
      "-i",
      FACE_CLIP,
      "-vf",
      "pad=640:480:0:60",
      "-q:v",
      "4",
      join(work, "f%03d.jpg"),
    ]);
    execFileSync("touch", [join(work, "done")]);
    try {
      renameSync(work, dir);
    } catch {
      // Another process cached it first; its copy is the same.
      rmSync(work, { recursive: true, force: true });
    }
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".jpg"))
    .sort();
  return files.map((f) => readFileSync(join(dir, f)));
}

let learners = 0;

/**
 * A new site manager of `site`, logged in: each learner may hold only a few focus sessions at once,
 * so tests that start many give each its own learner.
 */
export async function newLearner(hub: {
  url: string;
  site: string;
  api(path: string, body?: unknown): Promise<Record<string, unknown>>;
}): Promise<{ token: string; userId: string }> {
  const email = `learner-${process.pid}-${++learners}@example.com`;
  const password = "learner-password-0123";
  const user = await hub.api("/api/v1/users", { email, password, role: "site_manager", sites: [hub.site] });
  const res = await fetch(`${hub.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { token: accessToken, userId: String(user.id) };
}

/** Starts a frame-fed focus session through the REST route; returns its id. */
export async function startFrameSession(baseUrl: string, token: string, site: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/sites/${site}/attention-sessions/frames`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: "{}",
  });
  const body = (await res.json()) as { session?: string };
  if (res.status !== 201 || !body.session)
    throw new Error(`start frame session: ${res.status} ${JSON.stringify(body)}`);
  return body.session;
}

/** A frame-socket client that keeps every reply, validated against the protocol's schema. */
export class FrameClient {
  readonly replies: FrameReply[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      if (isBinary) throw new Error("the frame socket answered with a binary message");
      this.replies.push(frameReplySchema.parse(JSON.parse(String(data))));
      this.wake();
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }

  /** Connects with a bearer header (default) or the access_token query parameter. */
  static connect(baseUrl: string, token: string, via: "header" | "query" = "header"): Promise<FrameClient> {
    const url = `${baseUrl.replace(/^http/, "ws")}${FRAME_PATH}`;
    const ws =
      via === "header"
        ? new WebSocket(url, { headers: { authorization: `Bearer ${token}` } })
        : new WebSocket(`${url}?access_token=${encodeURIComponent(token)}`);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new FrameClient(ws)));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  send(session: string, seq: number, jpeg: Uint8Array, captureMs = Date.now()): void {
    this.ws.send(encodeFrame({ session, seq, captureMs }, jpeg));
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  of<T extends FrameReply["type"]>(type: T): Extract<FrameReply, { type: T }>[] {
    return this.replies.filter((r): r is Extract<FrameReply, { type: T }> => r.type === type);
  }

  /** Resolves once `done()` holds over the replies so far; rejects after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`frame client: timed out; replies: ${JSON.stringify(this.replies.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
