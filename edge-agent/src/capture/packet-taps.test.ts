import type { Packet, Stream } from "node-av/lib";
import { describe, expect, it } from "vitest";
import type { PacketTap } from "./frame-source.js";
import { PacketTaps } from "./packet-taps.js";

// Stand-ins: the taps only pass these along, so an object of the right shape is enough.
const stream = { index: 0 } as unknown as Stream;
const packet = (n: number) => ({ n }) as unknown as Packet;

/** Writes down what it was handed, as `begin`, packet numbers and `end`. */
function recordingTap(calls: string[], name: string, failOn?: string): PacketTap {
  const note = (what: string) => {
    calls.push(`${name}:${what}`);
    if (what === failOn) throw new Error(`${name} broke`);
  };
  return {
    begin: () => note("begin"),
    packet: (p) => note(String((p as unknown as { n: number }).n)),
    end: () => note("end"),
  };
}

describe("PacketTaps", () => {
  it("hands every connection's packets to each tap, begun and ended with the connection", () => {
    const calls: string[] = [];
    const taps = new PacketTaps(() => undefined);
    taps.add(recordingTap(calls, "rec"));
    taps.add(recordingTap(calls, "live"));
    taps.begin(stream);
    taps.packet(packet(1));
    taps.end();
    taps.packet(packet(2)); // between connections: nobody
    taps.begin(stream);
    taps.packet(packet(3));
    expect(calls).toEqual([
      "rec:begin",
      "live:begin",
      "rec:1",
      "live:1",
      "rec:end",
      "live:end",
      "rec:begin",
      "live:begin",
      "rec:3",
      "live:3",
    ]);
  });

  it("lets a tap join the open connection at once, and ends a removed tap at once", () => {
    const calls: string[] = [];
    const taps = new PacketTaps(() => undefined);
    taps.add(recordingTap(calls, "rec"));
    taps.begin(stream);
    taps.packet(packet(1));
    const untap = taps.add(recordingTap(calls, "live"));
    taps.packet(packet(2));
    untap();
    untap(); // twice is once
    taps.packet(packet(3));
    taps.end();
    expect(calls).toEqual([
      "rec:begin",
      "rec:1",
      "live:begin",
      "rec:2",
      "live:2",
      "live:end",
      "rec:3",
      "rec:end",
    ]);
    expect(taps.size).toBe(1);
  });

  it("removes a tap between connections without ending it again", () => {
    const calls: string[] = [];
    const taps = new PacketTaps(() => undefined);
    const untap = taps.add(recordingTap(calls, "live"));
    taps.begin(stream);
    taps.end();
    untap();
    taps.begin(stream);
    expect(calls).toEqual(["live:begin", "live:end"]);
  });

  it("reports a tap that throws and goes on with the others", () => {
    const calls: string[] = [];
    const errors: string[] = [];
    const taps = new PacketTaps((error) => errors.push((error as Error).message));
    taps.add(recordingTap(calls, "live", "1"));
    taps.add(recordingTap(calls, "rec"));
    taps.begin(stream);
    expect(() => taps.packet(packet(1))).not.toThrow();
    taps.packet(packet(2));
    expect(calls).toEqual(["live:begin", "rec:begin", "live:1", "rec:1", "live:2", "rec:2"]);
    expect(errors).toEqual(["live broke"]);
  });
});
