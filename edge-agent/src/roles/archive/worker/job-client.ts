import {
  type AnalysisClaim,
  type AnalysisJob,
  type AnalysisResult,
  analysisJobSchema,
  errorBodySchema,
} from "@sitewatch/shared-protocol";
import { z } from "zod";

/** The job is no longer this worker's (an admin cancelled it, or its lease ran out and another took it). */
export class LeaseLost extends Error {
  override name = "LeaseLost";
}

/** The hub refused or could not be reached; the message says which, for the worker's log. */
export class JobHubError extends Error {
  override name = "JobHubError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface JobClientOptions {
  hubUrl: string;
  /** The device's MQTT username (`<site>.<device>`) and secret: a device works only on its own jobs. */
  username: string;
  password: string;
  timeoutMs?: number;
}

const claimReplySchema = z.object({ job: analysisJobSchema.nullable() });
const jobReplySchema = z.object({ job: analysisJobSchema });

/**
 * The hub's analysis-job endpoints as a device's worker calls them (HTTP Basic with the device's
 * credentials). Every answer is checked against the protocol; a 409 means the lease is gone.
 */
export class JobClient {
  private readonly auth: string;

  constructor(private readonly opts: JobClientOptions) {
    this.auth = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString("base64")}`;
  }

  async claim(claim: AnalysisClaim): Promise<AnalysisJob | null> {
    const reply = await this.post("/api/v1/analysis-jobs/claim", claim);
    return claimReplySchema.parse(reply).job;
  }

  async heartbeat(id: string, workerId: string, leaseSeconds: number): Promise<AnalysisJob> {
    return this.leased(id, "heartbeat", { workerId, leaseSeconds });
  }

  async complete(id: string, workerId: string, result: AnalysisResult): Promise<AnalysisJob> {
    return this.leased(id, "complete", { workerId, result });
  }

  async fail(id: string, workerId: string, error: string, retryable: boolean): Promise<AnalysisJob> {
    return this.leased(id, "fail", { workerId, error: error.slice(0, 2000), retryable });
  }

  /** Stores one incident thumbnail beside the job's result. */
  async putThumbnail(id: string, name: string, jpeg: Buffer): Promise<void> {
    await this.send("PUT", `/api/v1/analysis-jobs/${id}/thumbnails/${name}`, jpeg, "image/jpeg");
  }

  private async leased(id: string, action: string, body: unknown): Promise<AnalysisJob> {
    const reply = await this.post(`/api/v1/analysis-jobs/${id}/${action}`, body);
    return jobReplySchema.parse(reply).job;
  }

  private post(path: string, body: unknown): Promise<unknown> {
    return this.send("POST", path, JSON.stringify(body), "application/json");
  }

  private async send(method: string, path: string, body: string | Buffer, type: string): Promise<unknown> {
    const url = `${this.opts.hubUrl}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: this.auth, "content-type": type },
        body: typeof body === "string" ? body : new Uint8Array(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new JobHubError(`cannot reach the hub at ${url}: ${cause}`);
    }
    const text = await res.text();
    const json = text ? safeJson(text) : null;
    if (res.ok) return json;
    const error = errorBodySchema.safeParse(json);
    const message = error.success
      ? `${error.data.error.message} (${error.data.error.code})`
      : `HTTP ${res.status}`;
    if (res.status === 409) throw new LeaseLost(message);
    throw new JobHubError(`${method} ${path}: ${message}`, res.status);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
