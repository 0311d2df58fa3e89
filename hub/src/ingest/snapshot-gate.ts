import type { ErrorCode, Snapshot } from "@sitewatch/shared-protocol";
import { SnapshotRequests } from "../commands/snapshot-requests.js";
import type { Db } from "../db/client.js";
import { readJpegSize } from "./jpeg-header.js";
import { SnapshotQuota, type SnapshotQuotaLimits } from "./snapshot-quota.js";

export interface SnapshotRefusal {
  code: ErrorCode;
  reason: string;
}

export interface SnapshotGateOptions {
  db: Db;
  quota?: SnapshotQuotaLimits;
  now?: () => number;
}

// Longer than any request stays open (twice the protocol's largest command timeout, 600 s); after that
// the table answers "already answered" on its own.
const CLAIM_MS = 2 * 600_000 + 60_000;

/**
 * What a snapshot must be before anything is written to disk: a real JPEG of the size it declares, the
 * first answer to an open snapshot request the hub sent to this device and camera, and within the
 * device's storage quota. Devices cannot fill the hub's disk with pictures nobody asked for.
 */
export class SnapshotGate {
  private readonly requests: SnapshotRequests;
  private readonly quota: SnapshotQuota;
  private readonly now: () => number;
  /** Commands answered (or being checked) by this process: command id → snapshot id and expiry. */
  private readonly claims = new Map<string, { snapshot: string; until: number }>();

  constructor(opts: SnapshotGateOptions) {
    this.now = opts.now ?? Date.now;
    this.requests = new SnapshotRequests(opts.db, this.now);
    this.quota = new SnapshotQuota(opts.db, opts.quota, this.now);
  }

  /** Undefined when the picture may be stored; otherwise why not, as a protocol error code. */
  async admit(
    addr: { site: string; device: string; camera?: string },
    m: Snapshot,
  ): Promise<SnapshotRefusal | undefined> {
    const jpeg = Buffer.from(m.jpeg, "base64");
    const size = readJpegSize(jpeg);
    if ("problem" in size)
      return { code: "SCHEMA_VIOLATION", reason: `snapshot is not a JPEG: ${size.problem}` };
    if (size.width !== m.width || size.height !== m.height) {
      return {
        code: "SCHEMA_VIOLATION",
        reason: `snapshot is ${size.width}x${size.height}, not the declared ${m.width}x${m.height}`,
      };
    }
    // Claimed before the lookups, so two copies racing through them cannot both be stored.
    const now = this.now();
    this.forgetExpired(now);
    const claim = this.claims.get(m.command);
    if (claim && claim.snapshot !== m.id) {
      return { code: "DUPLICATE_EVENT", reason: `snapshot request ${m.command} was already answered` };
    }
    this.claims.set(m.command, { snapshot: m.id, until: now + CLAIM_MS });
    const release = () => {
      if (this.claims.get(m.command)?.snapshot === m.id) this.claims.delete(m.command);
    };
    try {
      const camera = addr.camera ?? "";
      const answer = { site: addr.site, device: addr.device, camera, command: m.command, snapshot: m.id };
      const verdict = await this.requests.check(answer);
      if (!verdict.ok) {
        release();
        return { code: verdict.code, reason: verdict.reason };
      }
      const over = await this.quota.reserve(addr, jpeg.byteLength);
      if (over) {
        release();
        return { code: "RATE_LIMITED", reason: `snapshot quota: ${over}` };
      }
      return undefined;
    } catch (err) {
      release();
      throw err;
    }
  }

  private forgetExpired(now: number): void {
    for (const [command, claim] of this.claims) if (claim.until <= now) this.claims.delete(command);
  }
}
