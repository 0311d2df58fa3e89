import { describe, expect, it } from "vitest";
import { GateBusyError, WorkGate } from "./work-gate.js";

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("WorkGate", () => {
  it("runs at most `concurrency` tasks, queues up to `queue`, and refuses beyond that at once", async () => {
    const gate = new WorkGate({ concurrency: 2, queue: 1 });
    const blockers = [deferred(), deferred(), deferred()];
    let running = 0;
    let peak = 0;
    const task = (d: { promise: Promise<void> }) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await d.promise;
      running -= 1;
      return "done";
    };
    const started = blockers.map((d) => gate.tryRun(task(d)));
    expect(gate.load).toEqual({ active: 2, waiting: 1 });
    await expect(gate.tryRun(async () => "late")).rejects.toBeInstanceOf(GateBusyError);
    for (const d of blockers) d.resolve();
    expect(await Promise.all(started)).toEqual(["done", "done", "done"]);
    expect(peak).toBe(2);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it("run() waits however long the queue is, and a failing task frees its slot", async () => {
    const gate = new WorkGate({ concurrency: 1, queue: 0 });
    const first = deferred();
    const order: string[] = [];
    const a = gate.run(async () => {
      await first.promise;
      order.push("a");
      throw new Error("boom");
    });
    const b = gate.run(async () => order.push("b"));
    const c = gate.run(async () => order.push("c"));
    first.resolve();
    await expect(a).rejects.toThrow("boom");
    await Promise.all([b, c]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });
});
