import { crc32 } from "node:zlib";

/** One queued MQTT message as the outbox stores it. */
export interface OutboxMessage {
  topic: string;
  payload: Uint8Array;
  retain: boolean;
  qos: 0 | 1;
}

export interface OutboxRecord extends OutboxMessage {
  /** Position in the outbox: strictly increasing by one per append, across restarts. */
  id: number;
  /** Epoch ms when the message was appended. */
  enqueuedAt: number;
}

/** [u32 body length][u32 CRC32 of body]: the length finds the next record, the CRC catches a torn write. */
export const RECORD_HEADER_BYTES = 8;
// id (f64) + enqueuedAt (f64) + flags (u8) + topic length (u16)
const FIXED_BODY_BYTES = 8 + 8 + 1 + 2;
/** A length beyond this is garbage from a torn or corrupt header, not a real record. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const FLAG_RETAIN = 1;
const FLAG_QOS1 = 2;

export function encodeRecord(record: OutboxRecord): Buffer {
  const topic = Buffer.from(record.topic, "utf8");
  if (topic.byteLength > 0xffff) throw new RangeError("outbox: topic longer than 65535 bytes");
  const bodyLength = FIXED_BODY_BYTES + topic.byteLength + record.payload.byteLength;
  if (bodyLength > MAX_RECORD_BYTES)
    throw new RangeError(`outbox: record of ${bodyLength} bytes is too large`);
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + bodyLength);
  let at = RECORD_HEADER_BYTES;
  at = out.writeDoubleBE(record.id, at);
  at = out.writeDoubleBE(record.enqueuedAt, at);
  at = out.writeUInt8((record.retain ? FLAG_RETAIN : 0) | (record.qos === 1 ? FLAG_QOS1 : 0), at);
  at = out.writeUInt16BE(topic.byteLength, at);
  at += topic.copy(out, at);
  out.set(record.payload, at);
  const body = out.subarray(RECORD_HEADER_BYTES);
  out.writeUInt32BE(bodyLength, 0);
  out.writeUInt32BE(crc32(body), 4);
  return out;
}

export type HeaderCheck = { ok: true; bodyLength: number; crc: number } | { ok: false };

/** Reads a record header; a length that cannot be a record means the tail is torn or corrupt. */
export function readHeader(header: Buffer): HeaderCheck {
  if (header.byteLength < RECORD_HEADER_BYTES) return { ok: false };
  const bodyLength = header.readUInt32BE(0);
  if (bodyLength < FIXED_BODY_BYTES || bodyLength > MAX_RECORD_BYTES) return { ok: false };
  return { ok: true, bodyLength, crc: header.readUInt32BE(4) };
}

/** Decodes a record body, or undefined when its CRC does not match (a partially written record). */
export function decodeBody(body: Buffer, crc: number): OutboxRecord | undefined {
  if (crc32(body) !== crc) return undefined;
  let at = 0;
  const id = body.readDoubleBE(at);
  at += 8;
  const enqueuedAt = body.readDoubleBE(at);
  at += 8;
  const flags = body.readUInt8(at);
  at += 1;
  const topicLength = body.readUInt16BE(at);
  at += 2;
  if (at + topicLength > body.byteLength) return undefined;
  const topic = body.toString("utf8", at, at + topicLength);
  const payload = Uint8Array.prototype.slice.call(body, at + topicLength);
  return {
    id,
    enqueuedAt,
    retain: (flags & FLAG_RETAIN) !== 0,
    qos: (flags & FLAG_QOS1) !== 0 ? 1 : 0,
    topic,
    payload,
  };
}
