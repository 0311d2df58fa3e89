import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startAedes } from "./aedes.js";
import { killAllSync, liveServices, stopAll } from "./cleanup.js";
import { isPortOpen } from "./free-port.js";
import { startMosquitto } from "./mosquitto.js";
import { startPostgres } from "./postgres.js";

/**
 * The registry is per process, and vitest runs each test file in its own worker, so these tests see only the
 * services they start themselves.
 */
describe("cleanup registry", () => {
  it("stopAll() stops every running service", async () => {
    const db = await startPostgres();
    if (db.kind !== "postgres") throw new Error(`expected a real PostgreSQL server, got ${db.kind}`);
    const broker = await startMosquitto();
    const embedded = await startAedes();
    expect(liveServices()).toHaveLength(3);

    await stopAll();
    expect(liveServices()).toEqual([]);
    const ports = { postgres: db.port, mosquitto: broker.port, aedes: embedded.port };
    expect(await stillListening(ports)).toEqual([]);
    expect(existsSync(db.dir)).toBe(false);
    expect(existsSync(broker.dir)).toBe(false);
    // The graceful path ran, not just the kill: the driver client was closed too.
    await expect(db.sql`SELECT 1`).rejects.toThrow(/CONNECTION_ENDED|ended/i);
  });

  it("killAllSync(), the exit-handler path, kills real servers and removes their temp dirs", async () => {
    const db = await startPostgres();
    if (db.kind !== "postgres") throw new Error(`expected a real PostgreSQL server, got ${db.kind}`);
    const broker = await startMosquitto();
    const embedded = await startAedes();
    const ports = { postgres: db.port, mosquitto: broker.port, aedes: embedded.port };
    expect(await stillListening(ports)).toEqual(["postgres", "mosquitto", "aedes"]);

    // Synchronous on purpose: this is all that can run inside process.on("exit").
    killAllSync();

    expect(liveServices()).toEqual([]);
    expect(existsSync(db.dir)).toBe(false);
    expect(existsSync(broker.dir)).toBe(false);
    expect(await stillListening(ports)).toEqual([]);
    // A later graceful stop (e.g. the afterAll that did not get to run first) must not fail on the remains.
    await expect(Promise.all([db.stop(), broker.stop(), embedded.stop()])).resolves.toBeDefined();
  });
});

/** Names of the services whose port still accepts connections, so a failure says which one survived. */
async function stillListening(ports: Record<string, number>): Promise<string[]> {
  const open = await Promise.all(
    Object.entries(ports).map(async ([name, port]) => [name, await isPortOpen(port)]),
  );
  return open.filter(([, isOpen]) => isOpen).map(([name]) => name as string);
}
