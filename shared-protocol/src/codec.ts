import type { z } from "zod";
import type { ErrorCode } from "./errors.js";
import { type MessageInput, type MessageKind, type MessageOf, messages } from "./registry.js";
import { type DeviceAddress, parseTopic } from "./topics.js";
import { PROTOCOL_VERSION } from "./version.js";

export interface ProtocolIssue {
  path: string;
  message: string;
}

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  issues?: ProtocolIssue[];
}

export type PayloadResult<K extends MessageKind> =
  | { ok: true; kind: K; message: MessageOf<K> }
  | { ok: false; error: ProtocolError };

export type DecodedMessage = {
  [K in MessageKind]: {
    ok: true;
    kind: K;
    address: DeviceAddress & { camera?: string };
    message: MessageOf<K>;
  };
}[MessageKind];

export type DecodeResult = DecodedMessage | { ok: false; error: ProtocolError };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function fail(
  code: ErrorCode,
  message: string,
  issues?: ProtocolIssue[],
): { ok: false; error: ProtocolError } {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

function describeIssues(error: z.ZodError): ProtocolIssue[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}

function byteLength(payload: Uint8Array | string): number {
  return typeof payload === "string" ? Buffer.byteLength(payload, "utf8") : payload.byteLength;
}

/**
 * Validates a payload as message kind `kind`. Never throws: oversized, non-UTF-8, non-JSON, wrong
 * version and schema violations each come back as a typed error the caller can count by code.
 */
export function decodePayload<K extends MessageKind>(
  kind: K,
  payload: Uint8Array | string,
): PayloadResult<K> {
  try {
    const def = messages[kind];
    const size = byteLength(payload);
    if (size > def.maxBytes) {
      return fail("PAYLOAD_TOO_LARGE", `${kind} payload is ${size} bytes; the limit is ${def.maxBytes}`);
    }
    let text: string;
    if (typeof payload === "string") text = payload;
    else {
      try {
        text = utf8.decode(payload);
      } catch {
        return fail("INVALID_ENCODING", `${kind} payload is not valid UTF-8`);
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return fail("MALFORMED_JSON", `${kind} payload is not JSON: ${(err as Error).message}`);
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return fail("SCHEMA_VIOLATION", `${kind} payload must be a JSON object`);
    }
    const version = (json as { v?: unknown }).v;
    if (version !== PROTOCOL_VERSION) {
      return fail(
        "UNSUPPORTED_VERSION",
        `${kind} payload has protocol version ${JSON.stringify(version) ?? "(none)"}; this side speaks v${PROTOCOL_VERSION}`,
      );
    }
    const parsed = def.schema.safeParse(json);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const first = issues[0];
      return fail(
        "SCHEMA_VIOLATION",
        `${kind} payload is invalid: ${first?.path}: ${first?.message}`,
        issues,
      );
    }
    return { ok: true, kind, message: parsed.data as MessageOf<K> };
  } catch (err) {
    // Schemas should not throw, but a decoder that can bring down the hub is worse than one odd error code.
    return fail("SCHEMA_VIOLATION", `${kind} payload could not be validated: ${(err as Error).message}`);
  }
}

const topicErrors = {
  "not-sitewatch": "is not a Sitewatch topic",
  "unsupported-version": `uses a protocol version other than v${PROTOCOL_VERSION}`,
  "unknown-path": "names no message of the protocol",
  "bad-id": "contains an invalid site, device or camera id",
} as const;

/** Decodes an MQTT message by its topic. Never throws. */
export function decodeMessage(topic: string, payload: Uint8Array | string): DecodeResult {
  const parsed = parseTopic(topic);
  if (!parsed.ok) {
    const code = parsed.reason === "unsupported-version" ? "UNSUPPORTED_VERSION" : "UNKNOWN_TOPIC";
    return fail(code, `topic ${JSON.stringify(String(topic).slice(0, 200))} ${topicErrors[parsed.reason]}`);
  }
  const result = decodePayload(parsed.kind, payload);
  if (!result.ok) return result;
  return { ok: true, kind: parsed.kind, address: parsed.address, message: result.message } as DecodedMessage;
}

export class ProtocolEncodeError extends Error {
  override name = "ProtocolEncodeError";
  constructor(readonly error: ProtocolError) {
    super(error.message);
  }
}

/**
 * Validates and serialises a message. A producer that builds an invalid message has a bug, so this
 * throws instead of putting something on the wire that every receiver would reject.
 */
export function encodeMessage<K extends MessageKind>(kind: K, message: MessageInput<K>): string {
  const def = messages[kind];
  const parsed = def.schema.safeParse(message);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new ProtocolEncodeError({
      code: "SCHEMA_VIOLATION",
      message: `cannot encode ${kind}: ${issues[0]?.path}: ${issues[0]?.message}`,
      issues,
    });
  }
  const text = JSON.stringify(parsed.data);
  const size = encoder.encode(text).byteLength;
  if (size > def.maxBytes) {
    throw new ProtocolEncodeError({
      code: "PAYLOAD_TOO_LARGE",
      message: `${kind} payload is ${size} bytes; the limit is ${def.maxBytes}`,
    });
  }
  return text;
}
