import { EventEmitter } from "node:events";
import { LIVE_BATCH_EVENT } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { subscribeLive } from "./subscribe-live.js";

const change = (seat: string) => ({ site: "s", device: "d", camera: "c", data: { seat } });

describe("subscribeLive", () => {
  it("delivers the event alone and from inside a live:batch, skipping other names", () => {
    const socket = new EventEmitter();
    const seen: string[] = [];
    subscribeLive(socket, "seat:change", (e) => seen.push((e.data as { seat: string }).seat));
    socket.emit("seat:change", change("1A"));
    socket.emit(LIVE_BATCH_EVENT, [
      ["seat:change", change("1B")],
      ["gate:entry", change("not-a-seat")],
      ["seat:change", change("1C")],
    ]);
    expect(seen).toEqual(["1A", "1B", "1C"]);
  });

  it("removes both listeners on unsubscribe, leaving other subscribers alone", () => {
    const socket = new EventEmitter();
    const first: string[] = [];
    const second: string[] = [];
    const stop = subscribeLive(socket, "seat:change", () => first.push("x"));
    subscribeLive(socket, "seat:change", () => second.push("x"));
    stop();
    socket.emit("seat:change", change("1A"));
    socket.emit(LIVE_BATCH_EVENT, [["seat:change", change("1B")]]);
    expect(first).toEqual([]);
    expect(second).toEqual(["x", "x"]);
    expect(socket.listenerCount("seat:change")).toBe(1);
    expect(socket.listenerCount(LIVE_BATCH_EVENT)).toBe(1);
  });
});
