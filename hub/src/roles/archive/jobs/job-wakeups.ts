import postgres from "postgres";
import type { HubConfig } from "../../../config.js";

/** The channel a registration (or a lease the reaper returned) notifies; the payload is the job's place. */
export const JOBS_CHANNEL = "analysis_jobs";

/**
 * How waiting workers learn of new jobs. On PostgreSQL a dedicated connection LISTENs, so a worker
 * claims within a round trip of the registering commit; polling stays as the fallback for a lost
 * notification (LISTEN is not durable) or a dropped connection.
 */
export interface JobWakeups {
  start(onWake: () => void): Promise<void>;
  stop(): Promise<void>;
}

/**
 * PGlite runs inside one process and the hub uses it with a single worker, which polls: nothing else
 * commits jobs behind its back except this process, whose registrations wake it directly.
 */
export class PollingWakeups implements JobWakeups {
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

/** LISTEN on its own connection (a pooled one would be returned to the pool between queries). */
export class PostgresWakeups implements JobWakeups {
  private client: postgres.Sql | undefined;

  constructor(private readonly url: string) {}

  async start(onWake: () => void): Promise<void> {
    this.client = postgres(this.url, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: "sitewatch-jobs-listen" },
    });
    await this.client.listen(JOBS_CHANNEL, () => onWake());
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end({ timeout: 1 });
  }
}

export function createWakeups(database: HubConfig["database"]): JobWakeups {
  return database.kind === "postgres" ? new PostgresWakeups(database.url) : new PollingWakeups();
}
