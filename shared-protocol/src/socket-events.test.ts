import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { examples } from "./examples.js";
import { messageKinds, messages } from "./registry.js";
import {
  clientEventSchemas,
  type LiveBatchEntry,
  type LiveEvent,
  liveEventNames,
  onLive,
} from "./socket-events.js";

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

  it("onLive delivers an event whether it came alone or inside a live:batch, in order", () => {
    const socket = new EventEmitter();
    const seen: string[] = [];
    onLive(socket, "seat:change", (e) => seen.push(`${e.site}:${e.data.seat}`));
    const change = (site: string): LiveEvent<"seatChange"> => ({
      site,
      device: "d",
      data: examples.seatChange,
    });
    socket.emit("seat:change", change("a"));
    const batch: LiveBatchEntry[] = [
      ["seat:change", change("b")],
      ["gate:entry", { site: "x", device: "d", data: examples.gateEntry as LiveEvent<"gateEntry">["data"] }],
      ["seat:change", change("c")],
    ];
    socket.emit("live:batch", batch);
    const seat = examples.seatChange.seat;
    expect(seen).toEqual([`a:${seat}`, `b:${seat}`, `c:${seat}`]);
  });
});
