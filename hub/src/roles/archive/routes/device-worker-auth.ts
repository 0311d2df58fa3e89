import type { AnalysisJob } from "@sitewatch/shared-protocol";
import type { Context } from "hono";
import { checkDevicePassword, parseDeviceUsername } from "../../../auth/device-credentials.js";
import type { Db } from "../../../db/client.js";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { AppEnv } from "../../../http/app-types.js";
import { remoteAddress } from "../../../http/middleware/request-context.js";
import { ConnectThrottle } from "../../../mqtt/connect-throttle.js";
import type { Logger } from "../../../observability/logger.js";

/** A device calling the worker endpoints with its own MQTT credentials. */
export interface DeviceCaller {
  site: string;
  device: string;
  username: string;
}

/** `Authorization: Basic base64(user:password)` → its parts; null for any other scheme. */
export function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (!match?.[1]) return null;
  const text = Buffer.from(match[1], "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0) return null;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Verifies a device's HTTP Basic credentials exactly as the broker verifies its CONNECT (the same keyed
 * fast hash in devices.password_hash, see auth/device-credentials.ts) and backs off repeated failures
 * with the broker's policy, per username and address, so the REST door is no cheaper to hammer.
 */
export class DeviceWorkerAuth {
  private readonly throttle: ConnectThrottle;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    throttle?: ConnectThrottle,
  ) {
    this.throttle = throttle ?? new ConnectThrottle();
  }

  async verify(c: Context<AppEnv>): Promise<DeviceCaller> {
    const creds = basicCredentials(c.req.header("authorization"));
    if (!creds)
      throw new ApiError("UNAUTHENTICATED", "expected a bearer token or a device's Basic credentials");
    const address = remoteAddress(c) ?? "unknown";
    const { username, password } = creds;
    if (!this.throttle.check(username, address).allowed) {
      throw new ApiError("RATE_LIMITED", "too many failed device logins; retry later");
    }
    const device = parseDeviceUsername(username);
    const verdict = device ? await checkDevicePassword(this.db, username, password, this.logger) : "unknown";
    if (!device || verdict !== "ok") {
      this.throttle.failed(username, address);
      this.logger.warn({ username, address, verdict }, "device worker login refused");
      throw new ApiError(
        "UNAUTHENTICATED",
        verdict === "revoked" ? "device is revoked" : "bad device credentials",
      );
    }
    this.throttle.succeeded(username, address);
    return { ...device, username };
  }
}

/** The job `id` if it is one of `caller`'s own segments' jobs; 404 when there is none, 403 otherwise. */
export async function deviceJob(
  queue: { get(id: string): Promise<AnalysisJob | null> },
  caller: Pick<DeviceCaller, "site" | "device">,
  id: string,
): Promise<AnalysisJob> {
  const job = await queue.get(id);
  if (!job) throw notFound(`analysis job ${id}`);
  if (job.site !== caller.site || job.device !== caller.device)
    throw new ApiError("FORBIDDEN", "a device may only work on its own segments' jobs");
  return job;
}
