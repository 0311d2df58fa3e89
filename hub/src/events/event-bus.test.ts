import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../observability/logger.js";
import { createMetrics } from "../observability/metrics.js";
import { createHubEventBus } from "./domain-events.js";
import { EventBus } from "./event-bus.js";

type TestEvents = { ping: { n: number }; pong: string };

const silent = () => createLogger("silent");

describe("EventBus", () => {
  it("calls listeners synchronously, in subscription order, until they unsubscribe", () => {
    const bus = new EventBus<TestEvents>({ logger: silent() });
    const seen: string[] = [];
    const offA = bus.on("ping", (p) => void seen.push(`a${p.n}`));
    const b = (p: { n: number }) => void seen.push(`b${p.n}`);
    bus.on("ping", b);
    bus.on("pong", (s) => void seen.push(s));
    bus.emit("ping", { n: 1 });
    expect(seen).toEqual(["a1", "b1"]);
    offA();
    bus.off("ping", b);
    bus.emit("ping", { n: 2 });
    bus.emit("pong", "p");
    expect(seen).toEqual(["a1", "b1", "p"]);
    expect(bus.listenerCount("ping")).toBe(0);
  });

  it("types each payload by its event name", () => {
    const bus = new EventBus<TestEvents>({ logger: silent() });
    // @ts-expect-error a string is not ping's payload
    bus.emit("ping", "1");
    // @ts-expect-error no such event
    bus.on("pang", () => {});
    const hub = createHubEventBus({ logger: silent() });
    hub.on("seatChange", (e) => {
      // @ts-expect-error a seat change has no `state` (cameraStatus has)
      void e.data.state;
    });
    expect(hub.listenerCount("seatChange")).toBe(1);
  });

  it("never throws to the emitter; failing listeners are logged and counted, the others still run", async () => {
    const logger = silent();
    const error = vi.spyOn(logger, "error");
    const metrics = createMetrics();
    const bus = new EventBus<TestEvents>({ logger, metrics });
    const after = vi.fn();
    bus.on("ping", () => {
      throw new Error("sync failure");
    });
    bus.on("ping", async () => {
      throw new Error("async failure");
    });
    bus.on("ping", after);
    expect(() => bus.emit("ping", { n: 1 })).not.toThrow();
    expect(after).toHaveBeenCalledWith({ n: 1 });
    await vi.waitFor(() => expect(bus.failures).toBe(2));
    expect(error).toHaveBeenCalledTimes(2);
    const counted = await metrics.eventListenerFailures.get();
    expect(counted.values).toEqual([expect.objectContaining({ labels: { event: "ping" }, value: 2 })]);
  });

  it("runs the listeners subscribed when emit began, even if one unsubscribes another", () => {
    const bus = new EventBus<TestEvents>({ logger: silent() });
    const seen: string[] = [];
    let offB = () => {};
    bus.on("pong", () => {
      seen.push("a");
      offB();
      bus.on("pong", () => void seen.push("late"));
    });
    offB = bus.on("pong", () => void seen.push("b"));
    bus.emit("pong", "x");
    expect(seen).toEqual(["a", "b"]);
    bus.emit("pong", "y");
    expect(seen).toEqual(["a", "b", "a", "late"]);
  });
});
