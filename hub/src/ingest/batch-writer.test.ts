import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger.js";
import { createMetrics } from "../observability/metrics.js";
import { type BatchSink, BatchWriter, type BatchWriterOptions, NotStoredError } from "./batch-writer.js";

/**
 * A small transactional in-memory store: writes are staged per transaction and only become visible
 * when the transaction function resolves, like a database. `failNext` injects errors by SQLSTATE.
 */
class MemoryStore {
  readonly tables = new Map<string, unknown[]>();
  transactions = 0;
  failures: Array<{ code: string }> = [];
  gate: Promise<void> | undefined;

  transaction = async (fn: (tx: Map<string, unknown[]>) => Promise<void>) => {
    this.transactions += 1;
    if (this.gate) await this.gate;
    const failure = this.failures.shift();
    if (failure) throw Object.assign(new Error(`injected ${failure.code}`), failure);
    const staged = new Map<string, unknown[]>();
    await fn(staged);
    for (const [table, rows] of staged) this.rows(table).push(...rows);
  };

  rows(table: string): unknown[] {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = [];
      this.tables.set(table, rows);
    }
    return rows;
  }
}

type Row = { id: number; bad?: boolean };
type Tx = Map<string, unknown[]>;

function sink(name: string, calls: string[] = []): BatchSink<Row, Tx> {
  return {
    name,
    async write(tx, rows) {
      calls.push(`${name}:${rows.length}`);
      if (rows.some((r) => r.bad)) {
        throw Object.assign(new Error("unsupported Unicode escape sequence"), { code: "22P05" });
      }
      tx.set(name, [...(tx.get(name) ?? []), ...rows]);
    },
  };
}

function writer(store: MemoryStore, sinks: BatchSink<Row, Tx>[], opts: Partial<BatchWriterOptions<Tx>> = {}) {
  const metrics = createMetrics();
  const w = new BatchWriter<Tx>({
    sinks,
    transaction: store.transaction,
    batchRows: 3,
    batchMs: 10_000,
    maxPending: 1_000,
    metrics,
    logger: createLogger("silent"),
    retry: { initialMs: 1, maxMs: 5 },
    ...opts,
  });
  return { w, metrics };
}

describe("BatchWriter", () => {
  it("flushes as soon as a batch is full, in one transaction per flush", async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    const a = sink("a", calls);
    const b = sink("b", calls);
    const { w } = writer(store, [a, b]);
    void w.accept(b, { id: 1 });
    void w.accept(a, { id: 2 });
    expect(store.rows("a")).toHaveLength(0);
    void w.accept(a, { id: 3 });
    await sleep(5);
    expect(store.transactions).toBe(1);
    // Sinks run in registration order, whatever order the rows came in.
    expect(calls).toEqual(["a:2", "b:1"]);
    expect(w.stats()).toMatchObject({ pending: 0, written: 3, flushes: 1 });
    await w.stop();
  });

  it("flushes a partial batch after batchMs", async () => {
    const store = new MemoryStore();
    const a = sink("a");
    const { w } = writer(store, [a], { batchRows: 100, batchMs: 30 });
    void w.accept(a, { id: 1 });
    await sleep(10);
    expect(store.rows("a")).toHaveLength(0);
    await sleep(60);
    expect(store.rows("a")).toHaveLength(1);
    await w.stop();
  });

  it("keeps rows through transient errors and writes them once the database is back", async () => {
    const store = new MemoryStore();
    store.failures = [{ code: "08006" }, { code: "57P01" }, { code: "40P01" }];
    const a = sink("a");
    const { w, metrics } = writer(store, [a]);
    for (let id = 1; id <= 5; id++) void w.accept(a, { id });
    await w.flush();
    expect((store.rows("a") as Row[]).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(w.stats()).toMatchObject({ dbErrors: 3, dropped: 0, written: 5 });
    const errors = await metrics.dbErrors.get();
    expect(errors.values.find((v) => v.labels.operation === "ingest-flush")?.value).toBe(3);
    await w.stop();
  });

  it("isolates a row the database refuses and stores the others", async () => {
    const store = new MemoryStore();
    const a = sink("a");
    const b = sink("b");
    const { w } = writer(store, [a, b], { batchRows: 8 });
    for (let id = 1; id <= 7; id++) void w.accept(a, { id, bad: id === 5 });
    void w.accept(b, { id: 8 });
    await w.flush();
    expect((store.rows("a") as Row[]).map((r) => r.id).sort()).toEqual([1, 2, 3, 4, 6, 7]);
    expect(store.rows("b")).toHaveLength(1);
    expect(w.stats()).toMatchObject({ dropped: 1, written: 7 });
    await w.stop();
  });

  it("room() makes callers wait while too many rows are pending, and lets them go when they are written", async () => {
    const store = new MemoryStore();
    let open: () => void = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    const a = sink("a");
    const { w, metrics } = writer(store, [a], { batchRows: 2, maxPending: 4 });
    const results: string[] = [];
    const promises = [1, 2, 3, 4, 5, 6].map((id) => {
      void w.accept(a, { id });
      return w.room().then(() => results.push(`released ${id}`));
    });
    await sleep(10);
    // Rows 1-4 fit; 5 and 6 exceed maxPending while the database is stuck.
    expect(results.sort()).toEqual(["released 1", "released 2", "released 3", "released 4"]);
    expect(w.pending).toBe(6);
    store.gate = undefined;
    open();
    await Promise.all(promises);
    expect(results).toHaveLength(6);
    expect((await metrics.ingestBackpressureWaits.get()).values[0]?.value).toBe(2);
    await w.stop();
    expect(store.rows("a")).toHaveLength(6);
  });

  it("resolves a row's promise only after its transaction committed", async () => {
    const store = new MemoryStore();
    let open: () => void = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    const a = sink("a");
    const { w } = writer(store, [a], { batchRows: 10, batchMs: 5 });
    const committed: number[] = [];
    const promises = [1, 2, 3].map((id) => w.accept(a, { id }).then(() => committed.push(id)));
    await sleep(30);
    expect(committed).toEqual([]);
    expect(store.rows("a")).toHaveLength(0);
    open();
    await Promise.all(promises);
    expect(committed.sort()).toEqual([1, 2, 3]);
    expect(store.rows("a")).toHaveLength(3);
    await w.stop();
  });

  it("writes urgent rows at once when a slot is free, and groups those that arrive meanwhile", async () => {
    const store = new MemoryStore();
    let open: () => void = () => {};
    store.gate = new Promise((resolve) => {
      open = resolve;
    });
    const calls: string[] = [];
    const a = sink("a", calls);
    // batchMs of 10 s: without urgency nothing would be written for 10 s.
    const { w } = writer(store, [a], { batchRows: 100, batchMs: 10_000, eager: true });
    const first = w.accept(a, { id: 1 });
    await sleep(5);
    expect(store.transactions).toBe(1);
    const rest = [2, 3, 4, 5].map((id) => w.accept(a, { id }));
    await sleep(5);
    // The only slot is busy: the four wait together for it.
    expect(store.transactions).toBe(1);
    store.gate = undefined;
    open();
    await Promise.all([first, ...rest]);
    expect(calls).toEqual(["a:1", "a:4"]);
    await w.stop();
  });

  it("rejects rows it gave up on (database down past the drain timeout), so nobody acknowledges them", async () => {
    const store = new MemoryStore();
    store.failures = Array.from({ length: 10_000 }, () => ({ code: "08006" }));
    const a = sink("a");
    const { w } = writer(store, [a], { batchMs: 1, drainTimeoutMs: 50 });
    const row = w.accept(a, { id: 1 });
    const outcome = row.then(
      () => "stored",
      (err: unknown) => (err instanceof NotStoredError ? "not stored" : "other"),
    );
    await w.stop();
    expect(await outcome).toBe("not stored");
    expect(w.stats().dropped).toBe(1);
  });

  it("resolves a row the database refuses for its content (no retry could store it)", async () => {
    const store = new MemoryStore();
    const a = sink("a");
    const { w } = writer(store, [a], { batchRows: 2, batchMs: 1 });
    const good = w.accept(a, { id: 1 });
    const bad = w.accept(a, { id: 2, bad: true });
    await expect(Promise.all([good, bad])).resolves.toBeDefined();
    expect((store.rows("a") as Row[]).map((r) => r.id)).toEqual([1]);
    await w.stop();
  });

  it("flush() waits for every row accepted before it", async () => {
    const store = new MemoryStore();
    const a = sink("a");
    const { w } = writer(store, [a], { batchRows: 2 });
    for (let id = 1; id <= 5; id++) void w.accept(a, { id });
    await w.flush();
    expect(store.rows("a")).toHaveLength(5);
    expect(w.pending).toBe(0);
    await w.stop();
  });

  it("stop() drains, then refuses new rows", async () => {
    const store = new MemoryStore();
    const a = sink("a");
    const { w } = writer(store, [a], { batchRows: 100 });
    void w.accept(a, { id: 1 });
    await w.stop();
    expect(store.rows("a")).toHaveLength(1);
    expect(() => w.accept(a, { id: 2 })).toThrow(/stopped/);
  });

  it("stop() gives up on a database that never comes back instead of hanging", async () => {
    const store = new MemoryStore();
    store.failures = Array.from({ length: 10_000 }, () => ({ code: "08006" }));
    const a = sink("a");
    const { w } = writer(store, [a], { drainTimeoutMs: 50 });
    for (let id = 1; id <= 4; id++) void w.accept(a, { id });
    const started = Date.now();
    await w.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(w.stats()).toMatchObject({ dropped: 4, written: 0, pending: 0 });
  });

  it("runs up to `concurrency` flushes at once, and flush() waits only for rows before it", async () => {
    const store = new MemoryStore();
    const releases: Array<() => void> = [];
    let active = 0;
    let peak = 0;
    const slow: BatchSink<Row, Tx> = {
      name: "slow",
      async write(tx, rows) {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => releases.push(resolve));
        active -= 1;
        tx.set("slow", [...(tx.get("slow") ?? []), ...rows]);
      },
    };
    const { w } = writer(store, [slow], { batchRows: 2, concurrency: 2 });
    for (let id = 1; id <= 6; id++) void w.accept(slow, { id });
    await sleep(5);
    // Three full batches are due, but only two may be written at once.
    expect(peak).toBe(2);
    expect(releases).toHaveLength(2);
    let flushed = false;
    const flushing = w.flush().then(() => {
      flushed = true;
    });
    // The second batch commits first: rows 1-2 are not stored yet, so flush() keeps waiting.
    releases[1]?.();
    await sleep(5);
    expect(flushed).toBe(false);
    expect(releases).toHaveLength(3);
    releases[0]?.();
    releases[2]?.();
    await flushing;
    expect((store.rows("slow") as Row[]).map((r) => r.id).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
    await w.stop();
  });

  it("writes a batch of one single-statement sink without a transaction, and mixed batches in one", async () => {
    const store = new MemoryStore();
    const direct: string[] = [];
    const one: BatchSink<Row, Tx> = { ...sink("one"), oneStatement: true };
    const other = sink("other");
    const { w } = writer(store, [one, other], {
      batchRows: 2,
      direct: async (fn) => {
        const tx: Tx = new Map();
        await fn(tx);
        direct.push(...[...tx.keys()]);
        for (const [table, rows] of tx) store.rows(table).push(...rows);
      },
    });
    void w.accept(one, { id: 1 });
    void w.accept(one, { id: 2 });
    await w.flush();
    expect(store.transactions).toBe(0);
    expect(direct).toEqual(["one"]);
    void w.accept(one, { id: 3 });
    void w.accept(other, { id: 4 });
    await w.flush();
    expect(store.transactions).toBe(1);
    expect(store.rows("one")).toHaveLength(3);
    expect(store.rows("other")).toHaveLength(1);
    await w.stop();
  });
});
