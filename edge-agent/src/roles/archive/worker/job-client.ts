import {
  type AnalysisClaim,
  type AnalysisJob,
  type AnalysisResult,
  analysisJobSchema,
} from "@sitewatch/shared-protocol";
import { z } from "zod";
import { basicAuth, callHub, HubError, hubErrorText } from "../../../agent-config/hub-client.js";

/** The job is no longer this worker's (an admin cancelled it, or its lease ran out and another took it). */
export class LeaseLost extends Error {
  override name = "LeaseLost";
}

/** The hub refused a request (an unreachable hub is the setup commands' HubError). */
export class JobHubError extends HubError {
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
    this.auth = basicAuth(opts);
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
    const res = await callHub(
      `${this.opts.hubUrl}${path}`,
      {
        method,
        headers: { authorization: this.auth, "content-type": type },
        body: typeof body === "string" ? body : new Uint8Array(body),
      },
      this.opts.timeoutMs ?? 30_000,
    );
    if (res.ok) return res.json().catch(() => null);
    const message = await hubErrorText(res);
    if (res.status === 409) throw new LeaseLost(message);
    throw new JobHubError(`${method} ${path}: ${message}`, res.status);
  }
}
