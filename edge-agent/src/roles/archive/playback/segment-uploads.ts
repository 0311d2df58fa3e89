import type { SegmentUpload } from "@sitewatch/shared-protocol";
import { basicAuth, callHub, type DeviceHub, hubErrorText } from "../../../agent-config/hub-client.js";
import { errorText } from "../recording/recorder-status.js";
import { type OpenedSegment, openArchivedSegment } from "./archived-segment.js";

export interface SegmentUploadsDeps {
  /** The agent's archive directory (`<dataDir>/archive`). */
  archiveDir: string;
  /** The hub and the device's credentials; without them (an agent not enrolled) uploads are refused. */
  hub: DeviceHub | undefined;
  log: (message: string) => void;
  /** For one whole upload; the hub waits 120 s for it. */
  timeoutMs?: number;
  /** Uploads at once, at most; a command beyond is refused. Default 2. */
  maxUploads?: number;
}

/** What archived-segment uploads did since the agent started (the agent state file's `segmentUploads`). */
export interface SegmentUploadStats {
  uploading: number;
  uploaded: number;
  failed: number;
  bytesSent: number;
}

/**
 * The segmentUpload command: a viewer wants to play an archived segment, so the device sends that one
 * file to the hub (`PUT /api/v1/segment-uploads/{upload}`), and nothing else leaves the site. The command
 * is answered as soon as the segment is found and opened, with its size; the file is then streamed from
 * disk (never read whole) and a failure is logged, the hub learning of it by its own timeout.
 */
export class SegmentUploads {
  private readonly controller = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly counts = { uploaded: 0, failed: 0, bytesSent: 0 };

  constructor(private readonly deps: SegmentUploadsDeps) {}

  async handle(cmd: SegmentUpload): Promise<{ camera: string; segment: string; bytes: number }> {
    const { hub } = this.deps;
    if (!hub) throw new Error("uploads need the device's hub credentials, which this agent runs without");
    const opened = await openArchivedSegment(this.deps.archiveDir, cmd.camera, cmd.segment);
    // Checked after the lookup, with nothing awaited before the upload counts: no two can slip past it.
    const max = this.deps.maxUploads ?? 2;
    if (this.running.size >= max) {
      await opened.handle.close();
      throw new Error(`already uploading ${max} segments; ask again when one is done`);
    }
    const upload = this.upload(hub, cmd, opened).finally(() => this.running.delete(upload));
    this.running.add(upload);
    return { camera: cmd.camera, segment: cmd.segment, bytes: opened.bytes };
  }

  stats(): SegmentUploadStats {
    return { uploading: this.running.size, ...this.counts };
  }

  /** Aborts the uploads in flight; settles when their files are closed. */
  async close(): Promise<void> {
    this.controller.abort(new Error("the agent is stopping"));
    await Promise.all(this.running);
  }

  private async upload(hub: DeviceHub, cmd: SegmentUpload, opened: OpenedSegment): Promise<void> {
    const what = `segment ${cmd.segment} of camera ${cmd.camera}`;
    const stream = opened.handle.createReadStream({ autoClose: false });
    try {
      const init = {
        method: "PUT",
        headers: {
          authorization: basicAuth(hub),
          "content-type": "video/mp4",
          "content-length": String(opened.bytes),
        },
        // A Node stream is read as the request goes; fetch wants `duplex` said for a streamed body.
        body: stream as unknown as RequestInit["body"],
        duplex: "half",
        signal: this.controller.signal,
      };
      const path = `/api/v1/segment-uploads/${encodeURIComponent(cmd.upload)}`;
      const res = await callHub(`${hub.url}${path}`, init as RequestInit, this.deps.timeoutMs ?? 120_000);
      if (res.ok) {
        await res.body?.cancel();
        this.counts.uploaded += 1;
        this.counts.bytesSent += opened.bytes;
        this.deps.log(`${what} uploaded for playback (${(opened.bytes / 2 ** 20).toFixed(1)} MiB)`);
        return;
      }
      this.failed(what, `the hub answered ${await hubErrorText(res)}`);
    } catch (err) {
      this.failed(what, errorText(err));
    } finally {
      stream.destroy();
      await opened.handle.close().catch(() => undefined);
    }
  }

  private failed(what: string, why: string): void {
    this.counts.failed += 1;
    this.deps.log(`${what} not uploaded: ${why}`);
  }
}
