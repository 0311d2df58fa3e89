import { describe, expect, it, vi } from "vitest";
import { type AccessChange, createHubEventBus } from "../events/domain-events.js";
import { createLogger } from "../observability/logger.js";
import { AccessEvents } from "./access-events.js";

const change: AccessChange = { kind: "user", userId: "u1" };

describe("AccessEvents", () => {
  it("tells every subscriber synchronously, until it unsubscribes", () => {
    const events = new AccessEvents(createHubEventBus({ logger: createLogger("silent") }));
    const seen: string[] = [];
    const off = events.subscribe((c) => void seen.push(`a:${c.kind}`));
    events.subscribe((c) => void seen.push(`b:${c.kind}`));
    events.emit(change);
    expect(seen).toEqual(["a:user", "b:user"]);
    off();
    events.emit({ kind: "site-removed", siteId: "s1" });
    expect(seen).toEqual(["a:user", "b:user", "b:site-removed"]);
  });

  it("never throws to the emitter; failing listeners are logged and the others still run", async () => {
    const logger = createLogger("silent");
    const error = vi.spyOn(logger, "error");
    const events = new AccessEvents(createHubEventBus({ logger }));
    const after = vi.fn();
    events.subscribe(() => {
      throw new Error("sync failure");
    });
    events.subscribe(async () => {
      throw new Error("async failure");
    });
    events.subscribe(after);
    expect(() => events.emit(change)).not.toThrow();
    expect(after).toHaveBeenCalledWith(change);
    await vi.waitFor(() => expect(error).toHaveBeenCalledTimes(2));
  });
});
