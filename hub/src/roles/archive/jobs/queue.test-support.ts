import type { AnalysisResult } from "@sitewatch/shared-protocol";
import { type RealPostgres, startPostgres } from "@sitewatch/testkit";
import type { HubConfig } from "../../../config.js";
import { type Database, openDatabase } from "../../../db/client.js";
import { runMigrations } from "../../../db/migrate.js";
import type { NewJob } from "./job-rows.js";

/** Test helpers for the job queue: databases of both kinds, jobs and results. */

export interface QueueDatabase {
  database: Database;
  config: HubConfig["database"];
  stop(): Promise<void>;
}

/** A migrated database: in-memory PGlite, or a throw-away PostgreSQL server (refused if none is installed). */
export async function queueDatabase(kind: "pglite" | "postgres"): Promise<QueueDatabase> {
  if (kind === "pglite") {
    const config = { kind: "pglite" as const, dir: "memory://" };
    const database = await openDatabase(config);
    await runMigrations(database);
    return { database, config, stop: () => database.close() };
  }
  const started = await startPostgres();
  if (started.kind !== "postgres") throw new Error("this test needs a real PostgreSQL server");
  const pg: RealPostgres = started;
  const config = { kind: "postgres" as const, url: pg.url };
  const database = await openDatabase(config);
  await runMigrations(database);
  return {
    database,
    config,
    stop: async () => {
      await database.close();
      await pg.stop();
    },
  };
}

let n = 0;

/** A job of a fresh segment (or the given one). */
export function newJob(fields: Partial<NewJob> = {}): NewJob {
  n += 1;
  return {
    site: "s1",
    device: "d1",
    camera: "cam-1",
    segment: `seg-${process.pid}-${n}`,
    segmentUri: `file:///archive/seg-${n}.mp4`,
    segmentStartedAt: Date.UTC(2026, 0, 1) + n * 600_000,
    segmentDurationMs: 600_000,
    provider: "builtin",
    place: "hub",
    ...fields,
  };
}

export function result(fields: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    provider: "builtin",
    summary: "two persons, nothing of concern",
    personCounts: [{ offsetMs: 0, count: 2 }],
    zones: [],
    incidents: [
      { offsetMs: 1_000, kind: "crowding", severity: "warning", description: "five persons at the door" },
    ],
    safetyScore: 87.5,
    sampledFrames: 60,
    ...fields,
  };
}
