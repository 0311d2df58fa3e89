import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { examples } from "./examples.js";
import { messageKinds, messages } from "./registry.js";
import {
  clientEventSchemas,
  hubEventSchemas,
  type LiveBatchEntry,
  type LiveEvent,
  liveDataSchema,
  liveEventNames,
  onLive,
} from "./socket-events.js";

describe("Socket.IO event maps", () => {
  it("forward every device-to-hub kind but gate crops, and the hub's own events, under unique names", () => {
    const named = Object.keys(liveEventNames).sort();
    const deviceKinds = messageKinds.filter((k) => messages[k].direction === "device-to-hub");
    const expected = [...deviceKinds.filter((k) => k !== "gateCrop"), ...Object.keys(hubEventSchemas)];
    expect(named).toEqual(expected.sort());
    expect(new Set(Object.values(liveEventNames)).size).toBe(named.length);
  });

  it("announce a stored gate crop without its bytes", () => {
    const stored = { entry: examples.gateCrop.entry, width: 640, height: 200, at: examples.gateCrop.ts };
    expect(liveEventNames.gateCropStored).toBe("gate:crop");
    expect(liveDataSchema("gateCropStored").parse({ ...stored, jpeg: examples.gateCrop.jpeg })).toEqual(
      stored,
    );
    expect(liveDataSchema("gateCropStored").safeParse({ ...stored, entry: "not-a-uuid" }).success).toBe(
      false,
    );
    expect(liveDataSchema("gateEntry")).toBe(messages.gateEntry.schema);
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
