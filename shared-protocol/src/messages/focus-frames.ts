import { z } from "zod";
import { faceSampleSchema } from "../attention/face-sample.js";
import { errorCodeSchema } from "../errors.js";
import { attentionStateSchema } from "./attention.js";
import { focusAlertSchema, focusEndedSchema } from "./focus.js";

/**
 * The server frame path's wire format (WebSocket `GET /api/v1/attention/frames`). A client that cannot
 * run the face models sends each camera picture as one binary message:
 *
 *   "SWF1" | u8 session length | session (UTF-8) | u32 seq | f64 capture time (epoch ms) | JPEG bytes
 *
 * Numbers are big-endian (network order). `seq` counts the session's frames from 0; the hub answers in
 * text messages (`FrameReply`). Pure code: runs in browsers, the hub and tests alike.
 */
export const FRAME_MAGIC = "SWF1";
const MAGIC = [0x53, 0x57, 0x46, 0x31] as const;
/** Magic, session length, seq and capture time around a session id of `n` bytes. */
const headerBytes = (n: number) => 4 + 1 + n + 4 + 8;
export const MAX_FRAME_SESSION_BYTES = 255;

export interface FrameHeader {
  session: string;
  seq: number;
  captureMs: number;
}

export interface DecodedFrame extends FrameHeader {
  /** A view into the message's bytes (not a copy). */
  jpeg: Uint8Array;
}

/** Why a binary message is not a frame; each is counted apart by the hub. */
export const frameErrorCodes = [
  "BAD_MAGIC",
  "TRUNCATED",
  "BAD_SESSION",
  "BAD_CAPTURE_TIME",
  "NOT_JPEG",
  "TOO_LARGE",
] as const;
export type FrameErrorCode = (typeof frameErrorCodes)[number];

export type FrameDecodeResult =
  | { ok: true; frame: DecodedFrame }
  | { ok: false; code: FrameErrorCode; message: string };

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
/** C0 controls and DEL would end up in logs. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function checkSession(session: string): string | undefined {
  if (session.length === 0) return "session id is empty";
  if (hasControlCharacters(session)) return "session id contains control characters";
  return undefined;
}

/** Builds one frame message; throws on values the format cannot carry (a programming error). */
export function encodeFrame(header: FrameHeader, jpeg: Uint8Array): Uint8Array {
  const session = utf8.encode(header.session);
  const problem = checkSession(header.session);
  if (problem) throw new RangeError(problem);
  if (session.length > MAX_FRAME_SESSION_BYTES) throw new RangeError("session id exceeds 255 bytes");
  if (!Number.isInteger(header.seq) || header.seq < 0 || header.seq > 0xffff_ffff)
    throw new RangeError("seq must be a u32");
  if (!Number.isFinite(header.captureMs) || header.captureMs < 0)
    throw new RangeError("captureMs must be a finite, non-negative epoch time");
  const out = new Uint8Array(headerBytes(session.length) + jpeg.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = session.length;
  out.set(session, 5);
  const at = 5 + session.length;
  view.setUint32(at, header.seq);
  view.setFloat64(at + 4, header.captureMs);
  out.set(jpeg, at + 12);
  return out;
}

/**
 * Reads one frame message. `maxBytes` bounds the whole message; a larger one is TOO_LARGE before
 * anything else is read. The JPEG is only recognised by its start-of-image marker here: decoding it
 * is the inference worker's job, which answers a broken picture on its own.
 */
export function decodeFrame(bytes: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): FrameDecodeResult {
  const fail = (code: FrameErrorCode, message: string): FrameDecodeResult => ({ ok: false, code, message });
  if (bytes.length > maxBytes) return fail("TOO_LARGE", `frame of ${bytes.length} bytes exceeds ${maxBytes}`);
  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b))
    return fail("BAD_MAGIC", `a frame starts with "${FRAME_MAGIC}"`);
  const sessionBytes = bytes[4];
  if (sessionBytes === undefined || bytes.length < headerBytes(sessionBytes))
    return fail("TRUNCATED", "the message ends inside the frame header");
  let session: string;
  try {
    session = strictUtf8.decode(bytes.subarray(5, 5 + sessionBytes));
  } catch {
    return fail("BAD_SESSION", "session id is not valid UTF-8");
  }
  const problem = checkSession(session);
  if (problem) return fail("BAD_SESSION", problem);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = 5 + sessionBytes;
  const seq = view.getUint32(at);
  const captureMs = view.getFloat64(at + 4);
  if (!Number.isFinite(captureMs) || captureMs < 0)
    return fail("BAD_CAPTURE_TIME", "capture time must be a finite, non-negative epoch time in ms");
  const jpeg = bytes.subarray(at + 12);
  // SOI marker followed by the start of the next marker: the cheapest check that excludes PNGs,
  // text and empty payloads without decoding.
  if (jpeg.length < 3 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff)
    return fail("NOT_JPEG", "the frame's picture is not a JPEG");
  return { ok: true, frame: { session, seq, captureMs, jpeg } };
}

/** The hub's text replies on the frame socket, one JSON object per message. */
export const frameReplySchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("result"),
    session: z.string(),
    seq: z.number().int().min(0),
    captureMs: z.number(),
    state: attentionStateSchema,
    /** null: no face in the picture. */
    face: faceSampleSchema.nullable(),
    /** Frame received → result sent, on the hub's clock. */
    latencyMs: z.number().min(0),
    inferenceMs: z.number().min(0),
  }),
  z.object({
    type: z.literal("error"),
    code: errorCodeSchema,
    /** For a malformed frame, what was wrong with it. */
    reason: z.enum(frameErrorCodes).optional(),
    session: z.string().optional(),
    seq: z.number().int().min(0).optional(),
    message: z.string(),
  }),
  z.object({
    type: z.literal("dropped"),
    session: z.string(),
    /**
     * queue_full: the session's queue was full and its oldest frames made room; duplicate: the seq
     * was already received; late: it arrived after the hub had moved past it.
     */
    reason: z.enum(["queue_full", "duplicate", "late"]),
    seqs: z.array(z.number().int().min(0)),
  }),
  /** An attention alert of one of the connection's sessions (as Socket.IO's focus:alert). */
  focusAlertSchema.extend({ type: z.literal("alert") }),
  /** The hub ended one of the connection's sessions by itself (as Socket.IO's focus:ended). */
  focusEndedSchema.extend({ type: z.literal("ended"), session: z.string() }),
]);
export type FrameReply = z.infer<typeof frameReplySchema>;
