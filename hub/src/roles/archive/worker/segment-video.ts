import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client.js";
import { segments } from "../../../db/schema/index.js";
import { JobFailure, type SegmentVideo, type VideoSource } from "./hub-worker.js";

export interface HubVideoOptions {
  db: Db;
  /** The hub's REST API, without a trailing slash. */
  hubUrl: string;
  /** An admin's API token: playback is for users who may see the site. */
  token: string;
  /** Parent of the per-job temporary directories; the system's by default. */
  tmpDir?: string;
  /** The hub itself waits up to 120 s for the device's upload. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

const PlaybackReply = z.object({ url: z.string().startsWith("/"), bytes: z.number().int().nonnegative() });

// Answers that another attempt would get again: the segment is gone or too large for this hub.
const FINAL_CODES = new Set(["NOT_FOUND", "COMMAND_FAILED", "PAYLOAD_TOO_LARGE", "VALIDATION_FAILED"]);

/**
 * A job's video, fetched the way a viewer's player gets it: `POST …/segments/{id}/playback` (the hub
 * brings the file from its device into its playback cache), then the ticket URL into a temporary file
 * that is deleted when the job ends. The video never needs the worker to reach a device.
 */
export class HubVideoClient implements VideoSource {
  constructor(private readonly opts: HubVideoOptions) {}

  async fetch(job: AnalysisJob, signal: AbortSignal): Promise<SegmentVideo> {
    const id = await this.segmentRowId(job);
    const ticket = await this.playback(job.site, id, signal);
    const dir = await mkdtemp(join(this.opts.tmpDir ?? tmpdir(), "sitewatch-hub-worker-"));
    const release = () => rm(dir, { recursive: true, force: true });
    try {
      const path = join(dir, `${job.segment.replace(/[^\w.-]/g, "_")}.mp4`);
      await this.download(ticket, path, signal);
      return { path, release };
    } catch (err) {
      await release();
      throw err;
    }
  }

  /** The segments row of the job's segment (its id is what the playback route takes). */
  private async segmentRowId(job: AnalysisJob): Promise<string> {
    const [row] = await this.opts.db
      .select({ id: segments.id })
      .from(segments)
      .where(
        and(
          eq(segments.siteId, job.site),
          eq(segments.deviceId, job.device),
          eq(segments.cameraId, job.camera),
          eq(segments.segment, job.segment),
        ),
      );
    if (!row)
      throw new JobFailure(`segment ${job.segment} of ${job.device}/${job.camera} is not on record`, false);
    return row.id;
  }

  private async playback(
    site: string,
    id: string,
    signal: AbortSignal,
  ): Promise<z.infer<typeof PlaybackReply>> {
    const { hubUrl, token, requestTimeoutMs = 150_000 } = this.opts;
    const url = `${hubUrl}/api/v1/sites/${encodeURIComponent(site)}/segments/${id}/playback`;
    const deadline = AbortSignal.timeout(requestTimeoutMs);
    const init = { method: "POST", headers: { authorization: `Bearer ${token}` } };
    const res = await this.call(url, { ...init, signal: AbortSignal.any([signal, deadline]) }, signal);
    const body: unknown = await res.json().catch(() => null);
    if (res.status !== 200) {
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      const code = error?.code ?? "HTTP_ERROR";
      const auth =
        res.status === 401 || res.status === 403 ? " (check HUB_WORKER_TOKEN: an admin's API token)" : "";
      const message = `the hub refused the segment's playback: ${res.status} ${code}: ${error?.message ?? res.statusText}${auth}`;
      throw new JobFailure(message, !FINAL_CODES.has(code));
    }
    const reply = PlaybackReply.safeParse(body);
    if (!reply.success)
      throw new JobFailure(`the hub's playback answer is malformed: ${reply.error.message}`, true);
    return reply.data;
  }

  private async download(
    ticket: z.infer<typeof PlaybackReply>,
    path: string,
    signal: AbortSignal,
  ): Promise<void> {
    const res = await this.call(`${this.opts.hubUrl}${ticket.url}`, { signal }, signal);
    if (res.status !== 200 || !res.body)
      throw new JobFailure(`the hub answered ${res.status} for the segment's playback URL`, true);
    await pipeline(
      Readable.fromWeb(res.body as import("node:stream/web").ReadableStream),
      createWriteStream(path),
      {
        signal,
      },
    );
    const { size } = await stat(path);
    if (size !== ticket.bytes)
      throw new JobFailure(`the segment's video ended after ${size} of ${ticket.bytes} bytes`, true);
  }

  private async call(url: string, init: RequestInit, job: AbortSignal): Promise<Response> {
    try {
      return await (this.opts.fetch ?? fetch)(url, init);
    } catch (err) {
      if (job.aborted) throw job.reason;
      if (init.signal?.aborted)
        throw new JobFailure(`the hub at ${this.opts.hubUrl} did not answer in time`, true);
      const code = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      throw new JobFailure(
        `cannot reach the hub at ${this.opts.hubUrl}: ${code ?? (err as Error).message}`,
        true,
      );
    }
  }
}
