import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../observability/logger.js";
import { JobQueue } from "../jobs/job-queue.js";
import { PollingWakeups } from "../jobs/job-wakeups.js";
import { newJob, type QueueDatabase, queueDatabase, result } from "../jobs/queue.test-support.js";
import { createJobChangeRelay, JobChangeNotifier, JobChangeRelay } from "./job-change-relay.js";

// The relay on a real PostgreSQL server: a worker's queue notifies, hubs listen and emit the rows.
let qdb: QueueDatabase;
let url: string;
const logger = createLogger("silent");
const relays: JobChangeRelay[] = [];

beforeAll(async () => {
  qdb = await queueDatabase("postgres");
  url = (qdb.config as { url: string }).url;
});

afterAll(async () => {
  for (const relay of relays) await relay.stop();
  await qdb?.stop();
});

/** A hub's relay that records what it emits. */
async function hubRelay(cluster: boolean, leaderCheckMs = 100) {
  const hubQueue = new JobQueue({ db: qdb.database.db, wakeups: new PollingWakeups() });
  const emitted: AnalysisJob[] = [];
  const relay = new JobChangeRelay({
    url,
    cluster,
    load: (id) => hubQueue.get(id),
    emit: (job) => emitted.push(job),
    logger,
    leaderCheckMs,
  });
  relays.push(relay);
  await relay.start();
  return { relay, emitted };
}

/** The queue of a worker process: every change it commits is notified. */
function workerQueue() {
  const notifier = new JobChangeNotifier(qdb.database.db, logger);
  const queue = new JobQueue({
    db: qdb.database.db,
    wakeups: new PollingWakeups(),
    onChange: notifier.onChange,
  });
  return { queue, notifier };
}

describe("job change relay", () => {
  it("brings a worker's claim and completion to every hub that is not clustered, in order", async () => {
    const a = await hubRelay(false);
    const b = await hubRelay(false);
    const { queue, notifier } = workerQueue();
    const [job] = await queue.register([newJob({ provider: "vlm" })]);
    const id = job?.id as string;
    await eventually("the registration relayed", () => a.emitted.some((j) => j.id === id));
    await queue.claim("w1", { place: "hub", providers: ["vlm"] }, 30);
    await eventually("the claim relayed", () =>
      b.emitted.some((j) => j.id === id && j.status === "processing"),
    );
    await queue.complete(id, "w1", result({ provider: "vlm" }));
    await notifier.flush();
    for (const hub of [a, b]) {
      await eventually("the completion relayed", () => hub.emitted.at(-1)?.status === "completed");
      expect(hub.emitted.map((j) => j.status)).toEqual(["pending", "processing", "completed"]);
      expect(hub.emitted.at(-1)).toMatchObject({ id, workerId: "w1", incidentCount: 1 });
    }
    await a.relay.stop();
    await b.relay.stop();
  });

  it("relays from one clustered hub only, and another takes over when it stops", async () => {
    const first = await hubRelay(true);
    const second = await hubRelay(true);
    expect([first.relay.leading, second.relay.leading]).toEqual([true, false]);
    const { queue } = workerQueue();
    const [one] = await queue.register([newJob({ provider: "vlm" })]);
    await eventually("the leader relays", () => first.emitted.some((j) => j.id === one?.id));
    await new Promise((r) => setTimeout(r, 300));
    expect(second.emitted).toEqual([]);

    await first.relay.stop();
    await eventually("the other hub to take the lead", () => second.relay.leading, 5_000);
    const [two] = await queue.register([newJob({ provider: "vlm" })]);
    await eventually("the new leader relays", () => second.emitted.some((j) => j.id === two?.id));
    expect(second.emitted.map((j) => j.id)).toEqual([two?.id]);
    // Checking again keeps the lead; stopping hands it on.
    await new Promise((r) => setTimeout(r, 300));
    expect(second.relay.leading).toBe(true);
    const third = await hubRelay(true);
    expect(third.relay.leading).toBe(false);
    await second.relay.stop();
    await eventually("the third hub to take the lead", () => third.relay.leading, 5_000);
  });

  it("is made only for PostgreSQL", () => {
    const queue = { get: async () => null };
    const pglite = { database: { kind: "pglite" as const, dir: "memory://" }, cluster: false };
    expect(createJobChangeRelay(pglite, queue, () => {}, logger)).toBeUndefined();
    const postgres = { database: { kind: "postgres" as const, url }, cluster: false };
    expect(createJobChangeRelay(postgres, queue, () => {}, logger)).toBeInstanceOf(JobChangeRelay);
  });
});
