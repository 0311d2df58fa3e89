import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeFrame,
  encodeFrame,
  type FrameErrorCode,
  frameReplySchema,
  hasControlCharacters,
} from "./focus-frames.js";

// The smallest byte run decodeFrame accepts as a JPEG: start-of-image, then a marker byte.
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const header = { session: "fs-1", seq: 7, captureMs: 1_760_000_000_123.5 };

function codeOf(bytes: Uint8Array, max?: number): FrameErrorCode | "ok" {
  const r = decodeFrame(bytes, max);
  return r.ok ? "ok" : r.code;
}

describe("frame header codec", () => {
  it("round-trips session, seq, capture time and the JPEG bytes", () => {
    const decoded = decodeFrame(encodeFrame(header, JPEG));
    expect(decoded).toEqual({ ok: true, frame: { ...header, jpeg: JPEG } });
  });

  it("lays the header out big-endian after the magic, as documented", () => {
    const bytes = encodeFrame({ session: "é", seq: 0x01020304, captureMs: 1 }, JPEG);
    expect([...bytes.subarray(0, 7)]).toEqual([0x53, 0x57, 0x46, 0x31, 2, 0xc3, 0xa9]);
    expect([...bytes.subarray(7, 11)]).toEqual([1, 2, 3, 4]);
    expect(new DataView(bytes.buffer).getFloat64(11)).toBe(1);
    expect(bytes.subarray(19)).toEqual(JPEG);
  });

  it("decodes from a view into a larger buffer (how ws hands over messages)", () => {
    const frame = encodeFrame(header, JPEG);
    const pool = new Uint8Array(frame.length + 13);
    pool.set(frame, 9);
    const decoded = decodeFrame(pool.subarray(9, 9 + frame.length));
    expect(decoded.ok && decoded.frame.seq).toBe(7);
  });

  it("round-trips any valid header", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !hasControlCharacters(s)),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.double({ min: 0, max: 4e12, noNaN: true }),
        (session, seq, captureMs) => {
          const r = decodeFrame(encodeFrame({ session, seq, captureMs }, JPEG));
          expect(r.ok && r.frame).toMatchObject({ session, seq, captureMs });
        },
      ),
    );
  });

  it("names what is wrong with a malformed frame", () => {
    const good = encodeFrame(header, JPEG);
    const withByte = (i: number, v: number) => {
      const copy = good.slice();
      copy[i] = v;
      return copy;
    };
    expect(codeOf(new Uint8Array())).toBe("BAD_MAGIC");
    expect(codeOf(new TextEncoder().encode("SWF2xxxxxxxxxxxxxxxxxxxx"))).toBe("BAD_MAGIC");
    expect(codeOf(good.subarray(0, 12))).toBe("TRUNCATED");
    expect(codeOf(withByte(4, 200))).toBe("TRUNCATED");
    expect(codeOf(withByte(4, 0))).toBe("BAD_SESSION");
    expect(codeOf(withByte(5, 0xc3))).toBe("BAD_SESSION"); // a lone UTF-8 lead byte
    expect(codeOf(withByte(5, 0x0a))).toBe("BAD_SESSION");
    const nan = good.slice();
    new DataView(nan.buffer).setFloat64(13, Number.NaN);
    expect(codeOf(nan)).toBe("BAD_CAPTURE_TIME");
    expect(codeOf(good.subarray(0, good.length - JPEG.length))).toBe("NOT_JPEG");
    expect(codeOf(encodeFrame(header, new TextEncoder().encode("\x89PNG....")))).toBe("NOT_JPEG");
    expect(codeOf(good, good.length - 1)).toBe("TOO_LARGE");
    expect(codeOf(good, good.length)).toBe("ok");
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const withMagic = Uint8Array.from([0x53, 0x57, 0x46, 0x31, ...bytes]);
        expect(() => decodeFrame(bytes)).not.toThrow();
        expect(() => decodeFrame(withMagic)).not.toThrow();
      }),
    );
  });

  it("refuses to encode what the format cannot carry", () => {
    expect(() => encodeFrame({ ...header, session: "x".repeat(256) }, JPEG)).toThrow(RangeError);
    expect(() => encodeFrame({ ...header, seq: -1 }, JPEG)).toThrow(RangeError);
    expect(() => encodeFrame({ ...header, seq: 2 ** 32 }, JPEG)).toThrow(RangeError);
    expect(() => encodeFrame({ ...header, captureMs: Number.POSITIVE_INFINITY }, JPEG)).toThrow(RangeError);
  });
});

describe("frame replies", () => {
  it("accepts the reply shapes and refuses unknown or unbounded ones", () => {
    const face = { ear: 0.3, earLeft: 0.3, earRight: 0.31, mar: 0.1, yaw: 2, pitch: -1, roll: 0 };
    const result = {
      type: "result",
      session: "s",
      seq: 1,
      captureMs: 5,
      state: "focused",
      face,
      latencyMs: 20,
    };
    expect(frameReplySchema.safeParse({ ...result, inferenceMs: 11 }).success).toBe(true);
    expect(frameReplySchema.safeParse({ ...result, face: null, inferenceMs: 1 }).success).toBe(true);
    const error = { type: "error", code: "MALFORMED_FRAME", reason: "NOT_JPEG", message: "x" };
    expect(frameReplySchema.safeParse(error).success).toBe(true);
    const dropped = { type: "dropped", session: "s", reason: "queue_full", seqs: [1, 2] };
    expect(frameReplySchema.safeParse(dropped).success).toBe(true);
    expect(frameReplySchema.safeParse({ ...dropped, reason: "bored" }).success).toBe(false);
    const alert = {
      type: "alert",
      session: "s",
      kind: "drowsy",
      since: 1,
      durationMs: 1500,
      message: "Wake up",
    };
    expect(frameReplySchema.safeParse(alert).success).toBe(true);
    expect(
      frameReplySchema.safeParse({ ...result, face: { ...face, ear: Number.NaN }, inferenceMs: 1 }).success,
    ).toBe(false);
    expect(frameReplySchema.safeParse({ type: "hello" }).success).toBe(false);
  });
});
