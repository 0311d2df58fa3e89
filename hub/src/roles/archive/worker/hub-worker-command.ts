import { hostname } from "node:os";
import type { AnalysisProvider } from "@sitewatch/shared-protocol";
import { z } from "zod";
import { ConfigError, type HubConfig } from "../../../config.js";
import type { HubWorkerSettings } from "../../../config-hub-worker.js";
import { openDatabase } from "../../../db/client.js";
import { createLogger, type Logger } from "../../../observability/logger.js";
import { JobQueue } from "../jobs/job-queue.js";
import { PostgresWakeups } from "../jobs/job-wakeups.js";
import { HubVlmProvider } from "./hub-vlm-provider.js";
import { type HubProvider, HubWorker } from "./hub-worker.js";
import { JobChangeNotifier } from "./job-change-relay.js";
import { HubVideoClient } from "./segment-video.js";

export interface HubWorkerFlags {
  concurrency: number;
  leaseSeconds: number;
  once?: boolean;
}

/** What `hub worker` runs with, once every setting it needs was found. */
interface WorkerSetup {
  url: string;
  token: string;
  providers: AnalysisProvider[];
  settings: HubWorkerSettings;
}

/** Exit code of `--once` when no job was waiting (as the edge agent's worker). */
export const IDLE_EXIT_CODE = 3;
/** Jobs still running this long after SIGINT/SIGTERM are released; a second signal releases them at once. */
const STOP_GRACE_MS = 30_000;

const Me = z.object({ role: z.string(), via: z.string(), email: z.string() });

/** How an operator makes the token the worker needs. */
const TOKEN_HOWTO =
  'create one as an admin: POST /api/v1/auth/login, then POST /api/v1/tokens {"name":"hub worker"} with the access token as Bearer, and set HUB_WORKER_TOKEN to the `token` it answers';

/**
 * Asks the hub who HUB_WORKER_TOKEN is before claiming anything, so a wrong token stops the worker
 * with the reason instead of failing every job it claims. It must be an admin's API token: playback
 * needs access to every site, and a login's access token would expire within minutes. A hub that is
 * not reachable yet is only warned about: jobs fail and are retried until it is.
 */
async function checkWorkerToken(hubUrl: string, token: string, logger: Logger): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    const cause = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code ?? (err as Error).message;
    logger.warn(
      { hub: hubUrl, cause },
      "hub worker: the hub is not reachable (HUB_URL); jobs retry until it is",
    );
    return;
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401 || res.status === 403)
    throw new ConfigError(`the hub at ${hubUrl} refused HUB_WORKER_TOKEN (${res.status}); ${TOKEN_HOWTO}`);
  const me = Me.safeParse(body);
  if (!res.ok || !me.success)
    throw new ConfigError(`${hubUrl}/api/v1/auth/me answered ${res.status}: is HUB_URL the hub's REST API?`);
  if (me.data.role !== "admin" || me.data.via !== "api-token")
    throw new ConfigError(
      `HUB_WORKER_TOKEN must be an admin's API token, not a ${me.data.via} of ${me.data.email} (${me.data.role}); ${TOKEN_HOWTO}`,
    );
}

/** Every reason the worker cannot start, in one ConfigError. */
export function workerSetup(config: HubConfig, flags: HubWorkerFlags): WorkerSetup {
  const problems: string[] = [];
  const providers = config.ingest.analysisHubProviders ?? [];
  const settings = config.hubWorker;
  if (config.database.kind !== "postgres")
    problems.push(
      "hub worker needs PostgreSQL (DATABASE_URL): the embedded PGlite is one process's database, opened by the hub itself, so no other process can claim from its queue",
    );
  if (providers.length === 0)
    problems.push(
      "ANALYSIS_HUB_PROVIDERS is empty: no job runs at the hub (set e.g. ANALYSIS_HUB_PROVIDERS=vlm)",
    );
  if (!settings?.token)
    problems.push(
      `HUB_WORKER_TOKEN is not set: the worker fetches each segment through the hub's API with an admin's API token; ${TOKEN_HOWTO}`,
    );
  if (providers.includes("vlm") && !settings?.vlm.url)
    problems.push(
      "ANALYSIS_HUB_PROVIDERS lists vlm, but no Ollama server is set: ANALYSIS_VLM_URL (or OLLAMA_URL)",
    );
  if (!Number.isInteger(flags.concurrency) || flags.concurrency < 1 || flags.concurrency > 64)
    problems.push(`--concurrency must be a whole number from 1 to 64, not ${flags.concurrency}`);
  if (!Number.isInteger(flags.leaseSeconds) || flags.leaseSeconds < 5 || flags.leaseSeconds > 3600)
    problems.push(`--lease-seconds must be a whole number from 5 to 3600, not ${flags.leaseSeconds}`);
  if (problems.length > 0 || config.database.kind !== "postgres" || !settings?.token)
    throw new ConfigError(`hub worker cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return { url: config.database.url, token: settings.token, providers, settings };
}

function providersOf(setup: WorkerSetup): HubProvider[] {
  const { vlm } = setup.settings;
  // workerSetup refused vlm without a URL; builtin never gets here (the config refuses it at the hub).
  return setup.providers.flatMap((name) =>
    name === "vlm" && vlm.url
      ? [new HubVlmProvider({ url: vlm.url, model: vlm.model, timeoutMs: vlm.timeoutMs })]
      : [],
  );
}

/**
 * `hub worker`: claims the hub's jobs of ANALYSIS_HUB_PROVIDERS from PostgreSQL until SIGINT/SIGTERM
 * (or one job with --once) and answers the process's exit code. Its status changes reach dashboards
 * through the hub (JobChangeNotifier → JobChangeRelay).
 */
export async function hubWorkerCommand(
  config: HubConfig,
  flags: HubWorkerFlags,
  log?: Logger,
): Promise<number> {
  const setup = workerSetup(config, flags);
  const logger = (log ?? createLogger(config.logLevel)).child({ component: "hub-worker" });
  await checkWorkerToken(setup.settings.hubUrl, setup.token, logger);
  const database = await openDatabase({ kind: "postgres", url: setup.url });
  const notifier = new JobChangeNotifier(database.db, logger);
  const queue = new JobQueue({
    db: database.db,
    wakeups: new PostgresWakeups(setup.url),
    onChange: notifier.onChange,
  });
  const worker = new HubWorker({
    queue,
    providers: providersOf(setup),
    video: new HubVideoClient({ db: database.db, hubUrl: setup.settings.hubUrl, token: setup.token }),
    workerId: `hub-worker@${hostname()}:${process.pid}`,
    concurrency: flags.concurrency,
    leaseSeconds: flags.leaseSeconds,
    logger,
  });
  let stopping: Promise<void> | undefined;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal, releasingIn: stopping ? 0 : STOP_GRACE_MS }, "hub worker stopping");
    if (stopping) return worker.release();
    stopping = worker.stop(STOP_GRACE_MS).then(resolveStopped);
    if (flags.once) worker.release();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await queue.start();
    const names = setup.providers.join(",");
    logger.info(
      { providers: names, concurrency: flags.concurrency, hub: setup.settings.hubUrl },
      "hub worker started",
    );
    if (flags.once) {
      const outcome = await worker.runOnce();
      logger.info({ outcome }, "hub worker: one job");
      return outcome === "idle" ? IDLE_EXIT_CODE : 0;
    }
    worker.start();
    await stopped;
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await queue.stop();
    await notifier.flush();
    await database.close();
  }
}
