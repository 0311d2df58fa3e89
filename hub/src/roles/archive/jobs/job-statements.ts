import type { AnalysisPlace, AnalysisProvider } from "@sitewatch/shared-protocol";
import { type SQL, sql } from "drizzle-orm";
import { columnList, recordsSelect } from "../../../ingest/sinks/records.js";
import { type JobRecord, jobColumns } from "./job-rows.js";
import { JOBS_CHANNEL } from "./job-wakeups.js";

/**
 * The queue's statements. Each is one statement, so each is atomic on its own and costs one round
 * trip; every status change returns the rows it changed, for live events. Times come from the
 * database's clock (`now()`), never the caller's, so workers on other machines agree on leases.
 */

const notifyEach = (rows: string) =>
  sql.raw(`select ${rows}.*, pg_notify('${JOBS_CHANNEL}', ${rows}.place) as notified from ${rows}`);

/** Inserts jobs (a job already registered for the same segment and provider is skipped) and notifies. */
export function insertJobs(records: readonly JobRecord[]): SQL {
  return sql`with ins as (
      insert into analysis_jobs ${columnList(jobColumns)} ${recordsSelect(records, jobColumns)}
      on conflict do nothing returning *)
    ${notifyEach("ins")}`;
}

/** Jobs a claim may take; a device worker is limited to its own segments. */
export interface ClaimScope {
  place: AnalysisPlace;
  providers: readonly AnalysisProvider[];
  site?: string;
  device?: string;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const seconds = (s: number) => sql`make_interval(secs => ${s})`;

/** Takes the best pending job: highest priority, then oldest; rows another claim holds are skipped. */
export function claimJob(workerId: string, scope: ClaimScope, leaseSeconds: number): SQL {
  const own =
    scope.site !== undefined ? sql` and site_id = ${scope.site} and device_id = ${scope.device}` : sql``;
  return sql`update analysis_jobs j
    set status = 'processing', attempts = j.attempts + 1, worker_id = ${workerId},
        locked_until = now() + ${seconds(leaseSeconds)}, started_at = now()
    from (select id from analysis_jobs
          where status = 'pending' and place = ${scope.place} and provider in (${list(scope.providers)})
            and run_after <= now()${own}
          order by priority desc nulls last, created_at, id
          limit 1 for update skip locked) c
    where j.id = c.id
    returning j.*`;
}

/** Only the worker that holds the lease may touch a processing job. */
const held = (id: string, workerId: string) =>
  sql`id = ${id} and status = 'processing' and worker_id = ${workerId}`;

export function extendLease(id: string, workerId: string, leaseSeconds: number): SQL {
  return sql`update analysis_jobs set locked_until = now() + ${seconds(leaseSeconds)}
    where ${held(id, workerId)} returning *`;
}

export function completeJob(
  id: string,
  workerId: string,
  result: unknown,
  score: number,
  incidents: number,
): SQL {
  return sql`update analysis_jobs
    set status = 'completed', result = ${JSON.stringify(result)}::text::jsonb, safety_score = ${score},
        incident_count = ${incidents}, error = null, locked_until = null, completed_at = now()
    where ${held(id, workerId)} returning *`;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * After a failed attempt: back to pending at now + base·2^(attempts−1) (attempts counts the one that
 * just failed, so the first retry waits `base`), capped, while attempts remain and the error is
 * retryable; failed otherwise. The reaper uses the same rule for a lease that ran out.
 */
function afterFailure(error: SQL, retryable: boolean, backoff: Backoff): SQL {
  const again = sql`(${retryable ? sql`true` : sql`false`} and attempts < max_attempts)`;
  const delay = sql`least(${backoff.maxMs / 1000}, ${backoff.baseMs / 1000} * power(2, attempts - 1))`;
  return sql`status = case when ${again} then 'pending' else 'failed' end,
    run_after = case when ${again} then now() + make_interval(secs => ${delay}) else run_after end,
    worker_id = case when ${again} then null else worker_id end,
    completed_at = case when ${again} then null else now() end,
    error = ${error}, locked_until = null`;
}

export function failJob(
  id: string,
  workerId: string,
  error: string,
  retryable: boolean,
  backoff: Backoff,
): SQL {
  return sql`with upd as (update analysis_jobs set ${afterFailure(sql`${error}`, retryable, backoff)}
    where ${held(id, workerId)} returning *)
    ${notifyEach("upd")}`;
}

/** Processing jobs whose lease ran out (their worker died or hung) count the attempt and retry or fail. */
export function reapExpired(backoff: Backoff, limit: number): SQL {
  const why = sql`'lease expired: worker ' || coalesce(worker_id, '?') || ' stopped heartbeating'`;
  return sql`with upd as (update analysis_jobs set ${afterFailure(why, true, backoff)}
    where id in (select id from analysis_jobs where status = 'processing' and locked_until < now()
                 order by locked_until limit ${limit} for update skip locked)
      and status = 'processing' and locked_until < now()
    returning *)
    ${notifyEach("upd")}`;
}

export function cancelJob(id: string): SQL {
  return sql`update analysis_jobs set status = 'cancelled', locked_until = null, completed_at = now()
    where id = ${id} and status in ('pending', 'processing') returning *`;
}

export function retryJob(id: string): SQL {
  return sql`with upd as (update analysis_jobs
    set status = 'pending', attempts = 0, run_after = now(), error = null, worker_id = null,
        locked_until = null, started_at = null, completed_at = null
    where id = ${id} and status in ('failed', 'cancelled') returning *)
    ${notifyEach("upd")}`;
}
