import { describe, expect, it } from "vitest";
import { messageKinds, messages } from "./registry.js";
import { clientEventSchemas, liveEventNames } from "./socket-events.js";

describe("Socket.IO event maps", () => {
  it("forward every device-to-hub message kind under a unique event name", () => {
    const forwarded = Object.keys(liveEventNames).sort();
    const deviceKinds = messageKinds.filter((k) => messages[k].direction === "device-to-hub").sort();
    expect(forwarded).toEqual(deviceKinds);
    expect(new Set(Object.values(liveEventNames)).size).toBe(forwarded.length);
  });

  it("validate dashboard requests", () => {
    expect(clientEventSchemas["site:join"].safeParse({ site: "gangnam-1" }).success).toBe(true);
    expect(
      clientEventSchemas["live:watch"].safeParse({ site: "s", device: "d", camera: "c/../x" }).success,
    ).toBe(false);
  });
});
