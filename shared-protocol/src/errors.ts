import { z } from "zod";

/**
 * The one error vocabulary of Sitewatch. REST bodies, MQTT command acknowledgements, Socket.IO acks and
 * ingest rejection metrics all use these codes, so a code seen in a log means the same thing everywhere.
 */
export const errorCatalog = {
  // Wire-format problems found while decoding a message.
  PAYLOAD_TOO_LARGE: { status: 413, description: "The payload exceeds the size limit of its message type." },
  INVALID_ENCODING: { status: 400, description: "The payload is not valid UTF-8." },
  MALFORMED_JSON: { status: 400, description: "The payload is not parseable JSON." },
  UNSUPPORTED_VERSION: {
    status: 400,
    description: "The payload's protocol version `v` is missing or not supported.",
  },
  SCHEMA_VIOLATION: {
    status: 400,
    description: "The payload does not match the schema of its message type.",
  },
  UNKNOWN_TOPIC: { status: 400, description: "The MQTT topic is not part of the protocol." },
  // Ingest-level rejections.
  UNKNOWN_DEVICE: { status: 404, description: "The device is not enrolled at this hub." },
  DEVICE_REVOKED: { status: 403, description: "The device's credentials were revoked." },
  DUPLICATE_EVENT: { status: 409, description: "An event with this id was already accepted." },
  EVENT_TIME_OUT_OF_RANGE: {
    status: 422,
    description:
      "An event time lies further in the hub's future than the allowed clock skew, or before the " +
      "oldest time the hub accepts; the device clock is wrong.",
  },
  // REST and Socket.IO.
  VALIDATION_FAILED: { status: 400, description: "The request body, query or parameters are invalid." },
  INVALID_POLYGON: {
    status: 422,
    description: "A seat polygon has fewer than 3 points, intersects itself or leaves the frame.",
  },
  UNAUTHENTICATED: { status: 401, description: "Missing, expired or invalid credentials." },
  FORBIDDEN: { status: 403, description: "The caller may not access this resource." },
  IP_NOT_ALLOWED: { status: 403, description: "The caller's address is not on the allow-list." },
  NOT_FOUND: { status: 404, description: "The resource does not exist." },
  CONFLICT: { status: 409, description: "The resource already exists or was changed concurrently." },
  RATE_LIMITED: { status: 429, description: "Too many requests; retry later." },
  DEVICE_OFFLINE: { status: 503, description: "The device is not connected, so the command cannot be sent." },
  COMMAND_TIMEOUT: { status: 504, description: "The device did not acknowledge the command in time." },
  COMMAND_FAILED: { status: 502, description: "The device acknowledged the command with a failure." },
  // The attention role's frame socket (messages/focus-frames.ts).
  MALFORMED_FRAME: {
    status: 400,
    description: "A binary frame does not follow the frame header format; `reason` says what is wrong.",
  },
  INVALID_IMAGE: { status: 422, description: "A frame's JPEG could not be decoded." },
  MODEL_UNAVAILABLE: {
    status: 503,
    description:
      "The face models are not installed or failed to load on this hub, so frames cannot be analysed.",
  },
  LEASE_LOST: {
    status: 409,
    description:
      "The analysis job is no longer held by this worker: an admin cancelled it, or its lease ran out and another worker took it.",
  },
  INTERNAL: {
    status: 500,
    description: "An unexpected server error; the request id locates it in the logs.",
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];
export const errorCodeSchema = z.enum(errorCodes);

/** Body of every REST error response: `{ error: { code, message, requestId } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function httpStatusOf(code: ErrorCode): number {
  return errorCatalog[code].status;
}
