import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { HubConfig } from "../../../config.js";
import type { Db } from "../../../db/client.js";
import { executeRows } from "../../../ingest/sinks/records.js";
import type { Logger } from "../../../observability/logger.js";
import type { JobQueue } from "../jobs/job-queue.js";

/**
 * Status changes made by `hub worker` processes reach dashboards through the hub: the worker's queue
 * notifies this channel with the job id after each change it committed, and every hub on PostgreSQL
 * listens, loads the row and emits it as the `analysisJob` event (its own changes need no relay: they
 * pass its queue's onChange). NOTIFY is not durable; a change missed while a hub reconnects shows on
 * the dashboard's next load of the list.
 */
export const JOB_CHANGES_CHANNEL = "analysis_job_changes";

/** The worker side: the onChange of its JobQueue. One NOTIFY at a time, so they arrive in change order. */
export class JobChangeNotifier {
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  readonly onChange = (job: AnalysisJob): void => {
    const statement = sql`select pg_notify(${JOB_CHANGES_CHANNEL}, ${job.id})`;
    this.last = this.last
      .then(() => executeRows(this.db, statement))
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err, job: job.id }, "cannot notify the hub of a job change"),
      );
  };

  /** Resolves once every change so far was notified (before the worker closes its database). */
  flush(): Promise<void> {
    return this.last;
  }
}

export interface JobChangeRelayOptions {
  url: string;
  /**
   * Hub instances share dashboards' rooms (HUB_CLUSTER): one emit reaches every instance's
   * dashboards, so only the instance holding an advisory lock relays; another takes over when it dies.
   */
  cluster: boolean;
  load(id: string): Promise<AnalysisJob | null>;
  emit(job: AnalysisJob): void;
  logger: Logger;
  /** How often a non-leading instance tries to take the lead (cluster only). */
  leaderCheckMs?: number;
}

// An arbitrary pair shared by every hub instance (the migration lock uses a single bigint key).
const LOCK = [736_145, 2] as const;

/** The hub side: LISTEN on a connection of its own, load each notified job and emit it. */
export class JobChangeRelay {
  private client: postgres.Sql | undefined;
  private timer: NodeJS.Timeout | undefined;
  private leader = false;
  private chain: Promise<void> = Promise.resolve();
  /** Jobs whose load is queued: a second notice before it runs adds nothing (the load reads the latest). */
  private readonly queued = new Set<string>();

  constructor(private readonly opts: JobChangeRelayOptions) {}

  get leading(): boolean {
    return !this.opts.cluster || this.leader;
  }

  async start(): Promise<void> {
    this.client = postgres(this.opts.url, {
      max: 1,
      // The lead is a session lock: the connection must not be recycled under it.
      max_lifetime: null,
      onnotice: () => {},
      connection: { application_name: "sitewatch-job-relay" },
    });
    if (this.opts.cluster) {
      await this.checkLead();
      this.timer = setInterval(() => void this.checkLead(), this.opts.leaderCheckMs ?? 5_000);
    }
    await this.client.listen(JOB_CHANGES_CHANNEL, (id) => this.relay(id));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const client = this.client;
    this.client = undefined;
    await this.chain;
    // Ending the session releases the advisory lock, so another instance leads from its next check.
    await client?.end({ timeout: 1 });
  }

  private relay(id: string): void {
    if (!this.leading || this.queued.has(id)) return;
    this.queued.add(id);
    this.chain = this.chain.then(async () => {
      this.queued.delete(id);
      try {
        const job = await this.opts.load(id);
        if (job) this.opts.emit(job);
      } catch (err) {
        this.opts.logger.warn({ err, job: id }, "cannot relay a hub worker's job change");
      }
    });
  }

  /**
   * Takes the lead when it is free. A session lock is re-entrant (asking again while holding it
   * answers true) and goes with the session, so a hub that dies or stops hands the lead on.
   */
  private async checkLead(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const [a, b] = LOCK;
    try {
      const [row] = await client`select pg_try_advisory_lock(${a}, ${b}) as leader`;
      const leader = row?.leader === true;
      if (leader !== this.leader) this.opts.logger.info({ leader }, "job change relay: lead changed");
      this.leader = leader;
    } catch (err) {
      this.leader = false;
      this.opts.logger.warn({ err }, "job change relay: cannot check the lead");
    }
  }
}

/** The hub's relay on PostgreSQL; none on PGlite, where no other process can reach the queue. */
export function createJobChangeRelay(
  config: Pick<HubConfig, "database" | "cluster">,
  queue: Pick<JobQueue, "get">,
  emit: (job: AnalysisJob) => void,
  logger: Logger,
): JobChangeRelay | undefined {
  if (config.database.kind !== "postgres") return undefined;
  const { url } = config.database;
  return new JobChangeRelay({ url, cluster: config.cluster, load: (id) => queue.get(id), emit, logger });
}
