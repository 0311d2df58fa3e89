/** The wire protocol version. It appears in every topic (`sitewatch/v1/…`) and in every payload (`v`). */
export const PROTOCOL_VERSION = 1 as const;
export type ProtocolVersion = typeof PROTOCOL_VERSION;

/** Root of every MQTT topic of this protocol version. */
export const TOPIC_ROOT = `sitewatch/v${PROTOCOL_VERSION}` as const;

/**
 * Largest payload accepted for ordinary events. Events are state changes, so a few hundred bytes is
 * normal; the limit exists so a broken or hostile device cannot make the hub parse megabytes of JSON.
 */
export const MAX_EVENT_BYTES = 64 * 1024;

/** Live frames carry a base64 JPEG; 1 MiB covers a 1080p frame at ordinary quality. */
export const MAX_FRAME_BYTES = 1024 * 1024;
