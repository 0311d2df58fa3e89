import { decodeMessage, type Settled } from "@sitewatch/shared-protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../observability/logger.js";
import { createMetrics } from "../observability/metrics.js";
import { Refused } from "./admission-verdict.js";
import { DeliveryConfirmer } from "./delivery-confirmer.js";

interface Sent {
  topic: string;
  ranges: Settled["ranges"];
}

function setup(opts: { maxDevices?: number; maxRanges?: number; failPublish?: boolean } = {}) {
  const sent: Sent[] = [];
  const metrics = createMetrics();
  const confirmer = new DeliveryConfirmer({
    publish: async (topic, payload) => {
      if (opts.failPublish) throw new Error("broker gone");
      const decoded = decodeMessage(topic, payload);
      if (!decoded.ok || decoded.kind !== "settled") throw new Error(`not a settled message: ${topic}`);
      sent.push({ topic, ranges: decoded.message.ranges });
    },
    metrics,
    logger: createLogger("silent"),
    ...opts,
  });
  confirmer.start();
  const counter = async (name: "confirmationsSent" | "confirmationDrops", reason?: string) => {
    const values = (await metrics[name].get()).values;
    return values
      .filter((v) => reason === undefined || v.labels.reason === reason)
      .reduce((n, v) => n + v.value, 0);
  };
  const settle = (device: string, ...seqs: number[]) => {
    for (const seq of seqs) confirmer.settled("site-1", device, seq);
  };
  return { confirmer, sent, counter, settle };
}

const tick = () => new Promise((r) => setImmediate(r));
const topicOf = (device: string) => `sitewatch/v1/site-1/${device}/settled`;

afterEach(() => {
  vi.useRealTimers();
});

describe("DeliveryConfirmer", () => {
  it("sends each device one message per interval with its settled numbers as ranges", async () => {
    vi.useFakeTimers();
    const { confirmer, sent, counter, settle } = setup();
    settle("d1", 1, 2, 3, 5, 4, 9);
    settle("d2", 7);
    vi.advanceTimersByTime(199);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    await vi.runOnlyPendingTimersAsync();
    expect(sent).toEqual([
      {
        topic: topicOf("d1"),
        ranges: [
          [1, 5],
          [9, 9],
        ],
      },
      { topic: topicOf("d2"), ranges: [[7, 7]] },
    ]);
    // Nothing new: no message. The next batch starts empty.
    settle("d1", 10);
    vi.advanceTimersByTime(200);
    await vi.runOnlyPendingTimersAsync();
    expect(sent.slice(2)).toEqual([{ topic: topicOf("d1"), ranges: [[10, 10]] }]);
    expect(await counter("confirmationsSent")).toBe(3);
    confirmer.stop();
  });

  it("bounds devices and ranges, counting what it drops, and still merges into held ranges", async () => {
    const { confirmer, sent, counter, settle } = setup({ maxDevices: 2, maxRanges: 2 });
    settle("d1", 1, 3, 5, 2, 4);
    settle("d2", 1);
    settle("d3", 1);
    expect(await counter("confirmationDrops", "ranges")).toBe(1); // 5 came while 1 and 3 were apart
    expect(await counter("confirmationDrops", "devices")).toBe(1);
    confirmer.flush();
    await tick();
    expect(sent.map((s) => [s.topic, s.ranges])).toEqual([
      [topicOf("d1"), [[1, 4]]],
      [topicOf("d2"), [[1, 1]]],
    ]);
    expect(confirmer.pendingDevices).toBe(0);
    confirmer.stop();
  });

  it("confirms a stored event after its commit and never one that was not stored", async () => {
    const { confirmer, sent } = setup();
    let commit: () => void = () => {};
    const stored = new Promise<void>((r) => {
      commit = r;
    });
    const lost = Promise.reject(new Error("not stored"));
    confirmer.settleWhen(stored, { site: "site-1", device: "d1", seq: 1, id: "a" });
    confirmer.settleWhen(lost, { site: "site-1", device: "d1", seq: 2, id: "b" });
    confirmer.settleWhen(undefined, { site: "site-1", device: "d1", seq: 3 });
    // A repeat of the event still being stored waits for it; a repeat of nothing pending is settled now.
    confirmer.refused(new Refused("duplicate", { site: "site-1", device: "d1", seq: 1, id: "a" }));
    confirmer.refused(new Refused("duplicate", { site: "site-1", device: "d1", seq: 6, id: "z" }));
    await tick();
    confirmer.flush();
    await tick();
    expect(sent.map((s) => s.ranges)).toEqual([
      [
        [3, 3],
        [6, 6],
      ],
    ]);
    commit();
    await tick();
    confirmer.flush();
    await tick();
    expect(sent.map((s) => s.ranges).slice(1)).toEqual([[[1, 1]]]);
    confirmer.stop();
  });

  it("settles refusals for the event's content, not those a later try may pass", async () => {
    const { confirmer, sent } = setup();
    const ref = (seq: number) => ({ site: "site-1", device: "d1", seq });
    confirmer.refused(new Refused("EVENT_TIME_OUT_OF_RANGE", ref(1)));
    confirmer.refused(new Refused("SCHEMA_VIOLATION", ref(2)));
    confirmer.refused(new Refused("INTERNAL", ref(3)));
    confirmer.refused(new Refused("UNKNOWN_DEVICE", ref(4)));
    confirmer.refused(new Refused("DEVICE_REVOKED", ref(5)));
    confirmer.refused(new Refused("SCHEMA_VIOLATION", undefined));
    confirmer.flush();
    await tick();
    expect(sent.map((s) => s.ranges)).toEqual([[[1, 2]]]);
    confirmer.stop();
  });

  it("sends what is pending on stop, then drops; counts failed publishes", async () => {
    const ok = setup();
    ok.settle("d1", 1);
    ok.confirmer.stop();
    await tick();
    expect(ok.sent).toHaveLength(1);
    ok.settle("d1", 2);
    expect(await ok.counter("confirmationDrops", "stopped")).toBe(1);

    const failing = setup({ failPublish: true });
    failing.settle("d1", 1, 2, 3, 7);
    failing.confirmer.flush();
    await tick();
    expect(await failing.counter("confirmationDrops", "publish")).toBe(4);
    expect(await failing.counter("confirmationsSent")).toBe(0);
    failing.confirmer.stop();
  });
});
