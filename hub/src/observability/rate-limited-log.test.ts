import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { capturingLogger } from "../observability/capturing-logger.test-support.js";
import { RateLimitedLog } from "./rate-limited-log.js";

describe("RateLimitedLog", () => {
  it("logs the first occurrence per key, then reports how many it held back", async () => {
    const { lines, logger } = capturingLogger();
    const log = new RateLimitedLog(logger, 30);
    for (let i = 0; i < 5; i++) log.warn("MALFORMED_JSON", { topic: `t${i}` }, "rejected");
    log.warn("UNKNOWN_DEVICE", { topic: "x" }, "rejected");
    await sleep(40);
    log.warn("MALFORMED_JSON", { topic: "late" }, "rejected");
    await sleep(5);
    expect(lines.map((l) => l.topic)).toEqual(["t0", "x", "late"]);
    expect(lines[2]?.suppressedSinceLast).toBe(4);
    expect(lines[0]?.suppressedSinceLast).toBeUndefined();
  });
});
