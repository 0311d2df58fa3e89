import type { ErrorCode } from "@sitewatch/shared-protocol";

/**
 * The hub's one error vocabulary: a code from shared-protocol, a message for people, optional details.
 * Domain code (auth, commands, alerts, realtime) throws it without knowing who asked; each edge maps the
 * code: REST to `{ error: { code, message, requestId } }` with httpStatusOf(code), Socket.IO to its
 * acknowledgement, the CLI to a line on stderr.
 */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "you may not access this resource") => new ApiError("FORBIDDEN", message);
