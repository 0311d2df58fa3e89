import { afterEach, describe, expect, it } from "vitest";
import { type ScenarioName, ScenarioScope, scenarios } from "./fault-scenarios.test-support.js";
import { describeVerdict } from "./stored-events.test-support.js";

/**
 * The durability promise, proven on real parts: a device on the agent's real delivery stack publishes
 * seat changes steadily at QoS 1 while the hub process is killed with SIGKILL, the database crashes, or
 * the device itself is killed; at the end every event the device emitted is in the database exactly
 * once. Before acknowledgements waited for the commit, one such hub kill lost hundreds of acknowledged
 * events (see the scenarios for how to run them against a hub build of your choice: FAULT_HUB_MAIN).
 * `npm run bench -w @sitewatch/deploy` repeats each scenario several times.
 */
let scope = new ScenarioScope();
afterEach(async () => {
  await scope.close();
  scope = new ScenarioScope();
});

async function run(name: ScenarioName) {
  const result = await scenarios[name](scope);
  console.log(describeVerdict(name, result.verdict));
  const v = result.verdict;
  expect(v.missing).toBe(0);
  expect(v.duplicates).toBe(0);
  expect(v.unheard).toBeLessThanOrEqual(v.kills);
  expect(v.stored.rows).toBeGreaterThanOrEqual(v.emitted);
  expect(result.unexpectedHubExits).toBe(0);
  return result;
}

describe("faults: acknowledged events survive (integration)", { timeout: 240_000 }, () => {
  it("hub kill -9 with PostgreSQL, twice mid-stream while the database is slow", async () => {
    const result = await run("hub kill -9 (PostgreSQL)");
    // The restarted hub continued the device's numbering from the database: nothing looked lost.
    expect(result.metrics).toMatch(/^sitewatch_ingest_sequence_gap_events_total 0$/m);
  });

  it("hub kill -9 with PGlite, twice mid-stream", async () => {
    await run("hub kill -9 (PGlite)");
  });

  it("hub kill -9 with an external Mosquitto broker (broker-config files), twice mid-stream", async () => {
    await run("hub kill -9 (external Mosquitto)");
  });

  it("NATS JetStream broker restarted, hub killed, hub down across a broker restart", async () => {
    await run("broker restart + hub kill -9 (NATS JetStream)");
  });

  it("PostgreSQL stopped and started, then crashed (immediate shutdown) while the hub is killed", async () => {
    await run("PostgreSQL stop, crash + hub kill -9");
  });

  it("device kill -9 twice mid-stream, restarted on the same data dir", async () => {
    const result = await run("device kill -9");
    expect(result.verdict.kills).toBe(2);
  });
});
