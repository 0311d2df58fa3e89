import { Duplex } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../observability/metrics.js";
import { ConnackWatch, FixedHeaderScanner } from "./mqtt-framing.js";
import { defaultPacketLimits, guardConnection, type PacketGuardOptions } from "./packet-guard.js";

/** The remaining-length encoding of MQTT (variable byte integer). */
function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

const packet = (type: number, body: number | Buffer) => {
  const bytes = typeof body === "number" ? Buffer.alloc(body) : body;
  return Buffer.concat([Buffer.from([type << 4, ...varint(bytes.length)]), bytes]);
};
const header = (type: number, length: number) => Buffer.from([type << 4, ...varint(length)]);
// CONNECT v3.1.1: protocol name, level, flags, keep-alive, client id "a".
const CONNECT = packet(1, Buffer.from([0, 4, 77, 81, 84, 84, 4, 2, 0, 60, 0, 1, 97]));
const CONNACK_OK = Buffer.from([0x20, 0x02, 0x00, 0x00]);

/** A connection whose inbound bytes the test pushes and whose outbound bytes it collects. */
function connection(opts: Omit<PacketGuardOptions, "metrics"> = {}) {
  const written: Buffer[] = [];
  const inner = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk);
      callback();
    },
  });
  const metrics = createMetrics();
  const guard = guardConnection(inner, { ...opts, metrics });
  const passed: Buffer[] = [];
  const errors: Error[] = [];
  guard.on("data", (chunk: Buffer) => passed.push(chunk));
  guard.on("error", (err) => errors.push(err));
  const refusals = async () =>
    Object.fromEntries((await metrics.mqttRefused.get()).values.map((v) => [v.labels.reason, v.value]));
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { inner, guard, written, passed: () => Buffer.concat(passed), errors, refusals, settle };
}

describe("FixedHeaderScanner", () => {
  it("finds every packet's type and length however the stream is cut into chunks", () => {
    const packets = fc.array(fc.record({ type: fc.integer({ min: 1, max: 14 }), length: fc.nat(20_000) }), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(packets, fc.array(fc.nat(), { maxLength: 30 }), (list, cuts) => {
        const stream = Buffer.concat(list.map((p) => packet(p.type, p.length)));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const scanner = new FixedHeaderScanner();
        const seen: Array<{ type: number; length: number }> = [];
        let from = 0;
        for (const to of [...points, stream.length]) {
          scanner.feed(stream.subarray(from, to), (type, length) => void seen.push({ type, length }));
          from = to;
        }
        expect(seen).toEqual(list);
      }),
    );
  });

  it("calls a remaining length of five bytes malformed", () => {
    const verdict = new FixedHeaderScanner().feed(
      Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]),
      () => {},
    );
    expect(verdict).toBe("malformed");
  });
});

describe("ConnackWatch", () => {
  it("reads the return code of MQTT 3.1.1 and the reason code of MQTT 5, byte by byte", () => {
    for (const [bytes, verdict] of [
      [[0x20, 0x02, 0x00, 0x00], "accepted"],
      [[0x20, 0x02, 0x00, 0x05], "refused"],
      [[0x20, 0x03, 0x01, 0x00, 0x00], "accepted"],
      [[0x20, 0x03, 0x00, 0x87, 0x00], "refused"],
      [[0x30, 0x02, 0x00, 0x00], "refused"],
    ] as const) {
      const watch = new ConnackWatch();
      for (const byte of bytes) watch.feed(Buffer.from([byte]));
      expect(watch.verdict).toBe(verdict);
    }
  });
});

describe("packet guard", () => {
  it("cuts a connection whose first packet is not a CONNECT at its header, passing nothing on", async () => {
    const c = connection();
    c.inner.push(header(3, 268_435_455));
    await c.settle();
    expect(c.guard.refused).toBe("not_connect");
    expect(c.inner.destroyed).toBe(true);
    expect(c.passed().length).toBe(0);
    expect(c.errors[0]?.message).toMatch(/not connect/);
    expect(await c.refusals()).toEqual({ not_connect: 1 });
  });

  it("refuses a CONNECT announcing more than the pre-login limit", async () => {
    const c = connection();
    c.inner.push(header(1, defaultPacketLimits.preConnectPacketBytes + 1));
    await c.settle();
    expect(c.guard.refused).toBe("pre_connect_too_large");
    expect(await c.refusals()).toEqual({ pre_connect_too_large: 1 });
  });

  it("passes a login through unchanged, byte by byte, but not a flood behind it before the CONNACK", async () => {
    const c = connection({ limits: { preConnectBytes: 1_000 } });
    for (const byte of CONNECT) c.inner.push(Buffer.from([byte]));
    await c.settle();
    expect(c.passed()).toEqual(CONNECT);
    for (let i = 0; i < 3; i++) c.inner.push(packet(3, 400));
    await c.settle();
    expect(c.guard.refused).toBe("pre_connect_flood");
    expect(c.passed().length).toBeLessThanOrEqual(1_000);
  });

  it("after an accepted login allows packets up to the device limit and refuses larger ones", async () => {
    const c = connection();
    c.inner.push(CONNECT);
    c.guard.write(CONNACK_OK);
    await c.settle();
    expect(c.guard.connected).toBe(true);
    expect(Buffer.concat(c.written)).toEqual(CONNACK_OK);
    const big = packet(3, defaultPacketLimits.maxPacketBytes);
    c.inner.push(big);
    await c.settle();
    expect(c.guard.refused).toBeUndefined();
    expect(c.passed().length).toBe(CONNECT.length + big.length);
    c.inner.push(header(3, defaultPacketLimits.maxPacketBytes + 1));
    await c.settle();
    expect(c.guard.refused).toBe("too_large");
    expect(await c.refusals()).toEqual({ too_large: 1 });
  });

  it("keeps the pre-login limits when the login is refused", async () => {
    const c = connection();
    c.inner.push(CONNECT);
    c.guard.write(Buffer.from([0x20, 0x02, 0x00, 0x04]));
    c.inner.push(header(3, 100_000));
    await c.settle();
    expect(c.guard.connected).toBe(false);
    expect(c.guard.refused).toBe("pre_connect_too_large");
  });

  it("stops reading the connection while nobody reads the guard", async () => {
    const written: Buffer[] = [];
    const inner = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk);
        callback();
      },
    });
    const guard = guardConnection(inner, { limits: { preConnectBytes: 10_000_000 } });
    guard.on("readable", () => {});
    inner.push(CONNECT);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20; i++) inner.push(packet(3, 50_000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(inner.isPaused()).toBe(true);
    expect(guard.readableLength).toBeLessThan(200_000);
    guard.read();
    expect(inner.isPaused()).toBe(false);
  });
});
