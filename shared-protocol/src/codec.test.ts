import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMessage, decodePayload, encodeMessage, ProtocolEncodeError } from "./codec.js";
import { errorCodes } from "./errors.js";
import { exampleAddress, examples } from "./examples.js";
import { type MessageKind, messageKinds, messages } from "./registry.js";
import { topicFor } from "./topics.js";

const kindArb = fc.constantFrom(...messageKinds);

function bytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

describe("decodeMessage on valid messages", () => {
  it.each(messageKinds)("round-trips the %s example through its topic", (kind) => {
    const result = decodeMessage(topicFor(kind, exampleAddress), bytes(examples[kind]));
    expect(result).toMatchObject({ ok: true, kind });
    if (!result.ok) return;
    expect(result.address.site).toBe(exampleAddress.site);
    expect(result.address.device).toBe(exampleAddress.device);
    expect(result.address.camera).toBe(messages[kind].scope === "camera" ? exampleAddress.camera : undefined);
    expect(encodeMessage(kind, result.message as never)).toBe(JSON.stringify(result.message));
  });

  it("applies schema defaults, so receivers never see a missing defaulted field", () => {
    const { fps: _fps, maxWidth: _maxWidth, ttlMs: _ttl, ...bare } = examples.liveStart;
    const result = decodePayload("liveStart", JSON.stringify(bare));
    expect(result.ok && result.message).toMatchObject({ fps: 2, maxWidth: 960, ttlMs: 60_000 });
  });
});

describe("decode errors are typed, precise and never thrown", () => {
  const topic = topicFor("seatChange", exampleAddress);

  it("rejects non-UTF-8 bytes", () => {
    const result = decodeMessage(topic, Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_ENCODING" } });
  });

  it("rejects truncated JSON", () => {
    const text = JSON.stringify(examples.seatChange);
    const result = decodeMessage(topic, text.slice(0, text.length - 5));
    expect(result).toMatchObject({ ok: false, error: { code: "MALFORMED_JSON" } });
  });

  it("rejects oversized payloads before parsing them", () => {
    const result = decodeMessage(topic, `{"v":1,"pad":"${"x".repeat(70_000)}"}`);
    expect(result).toMatchObject({ ok: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(!result.ok && result.error.message).toContain("65536");
  });

  it("rejects another protocol version in the payload and in the topic", () => {
    const v2 = decodeMessage(topic, JSON.stringify({ ...examples.seatChange, v: 2 }));
    expect(v2).toMatchObject({ ok: false, error: { code: "UNSUPPORTED_VERSION" } });
    const topicV2 = decodeMessage(topic.replace("/v1/", "/v2/"), bytes(examples.seatChange));
    expect(topicV2).toMatchObject({ ok: false, error: { code: "UNSUPPORTED_VERSION" } });
  });

  it("names the offending field of a schema violation", () => {
    const result = decodeMessage(topic, JSON.stringify({ ...examples.seatChange, to: "asleep" }));
    expect(result).toMatchObject({ ok: false, error: { code: "SCHEMA_VIOLATION" } });
    expect(!result.ok && result.error.issues?.[0]?.path).toBe("to");
  });

  it("rejects a state change that changes nothing", () => {
    const result = decodePayload("seatChange", JSON.stringify({ ...examples.seatChange, to: "empty" }));
    expect(!result.ok && result.error.message).toContain("from and to must differ");
  });

  it("rejects unknown topics and ids that would break the topic tree", () => {
    for (const bad of [
      "other/v1/a/b/health",
      "sitewatch/v1/a/b/nope",
      "sitewatch/v1/a/b/cam/c/nope",
      "sitewatch/v1/$a/b/health",
    ]) {
      expect(decodeMessage(bad, bytes(examples.health))).toMatchObject({
        ok: false,
        error: { code: "UNKNOWN_TOPIC" },
      });
    }
  });

  it("property: arbitrary bytes on any topic return a typed result", () => {
    fc.assert(
      fc.property(kindArb, fc.uint8Array({ maxLength: 2048 }), (kind, payload) => {
        const result = decodeMessage(topicFor(kind, exampleAddress), payload);
        if (!result.ok) expect(errorCodes).toContain(result.error.code);
        else expect(result.kind).toBe(kind);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: arbitrary JSON values return a typed result", () => {
    fc.assert(
      fc.property(kindArb, fc.jsonValue(), (kind, value) => {
        const result = decodePayload(kind, JSON.stringify(value) ?? "null");
        if (!result.ok) expect(errorCodes).toContain(result.error.code);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: truncating a valid payload anywhere never yields a valid message", () => {
    fc.assert(
      fc.property(kindArb, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (kind, where) => {
        const text = JSON.stringify(examples[kind]);
        const cut = text.slice(0, Math.floor(where * text.length));
        const result = decodePayload(kind, cut);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(["MALFORMED_JSON", "SCHEMA_VIOLATION"]).toContain(result.error.code);
      }),
      { numRuns: 1000 },
    );
  });

  it("property: mutated valid payloads (field dropped, retyped or replaced) return a typed result", () => {
    const mutation = fc.oneof(
      fc.constant({ op: "drop" as const }),
      fc.record({ op: fc.constant("set" as const), value: fc.jsonValue() }),
    );
    fc.assert(
      fc.property(kindArb, fc.nat(), mutation, (kind: MessageKind, pick, m) => {
        const payload: Record<string, unknown> = { ...(examples[kind] as Record<string, unknown>) };
        const keys = Object.keys(payload);
        const key = keys[pick % keys.length] as string;
        if (m.op === "drop") delete payload[key];
        else payload[key] = m.value;
        const result = decodePayload(kind, JSON.stringify(payload));
        if (!result.ok) {
          expect(errorCodes).toContain(result.error.code);
          expect(result.error.message.length).toBeGreaterThan(0);
        }
        // Dropping a required envelope field must always be caught.
        if (m.op === "drop" && ["v", "id", "seq", "ts"].includes(key)) expect(result.ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("property: flipping one byte of a valid payload never throws", () => {
    fc.assert(
      fc.property(kindArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (kind, at, xor) => {
        const buf = bytes(examples[kind]);
        const i = at % buf.length;
        buf[i] = (buf[i] ?? 0) ^ xor;
        const result = decodePayload(kind, buf);
        if (!result.ok) expect(errorCodes).toContain(result.error.code);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("encodeMessage", () => {
  it("refuses to put an invalid message on the wire", () => {
    expect(() => encodeMessage("seatChange", { ...examples.seatChange, confidence: 1.5 })).toThrow(
      ProtocolEncodeError,
    );
  });

  it("refuses a live frame over the frame limit", () => {
    const big = { ...examples.liveFrame, jpeg: "A".repeat(999_996) };
    expect(() => encodeMessage("liveFrame", big)).not.toThrow();
    const tooBig = { ...examples.liveFrame, jpeg: "A".repeat(1_000_004) };
    expect(() => encodeMessage("liveFrame", tooBig)).toThrow(/jpeg/);
  });
});
