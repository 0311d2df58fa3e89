import { type ErrorCode, httpStatusOf } from "@sitewatch/shared-protocol";

/** Thrown anywhere in a request; the one `onError` turns it into `{ error: { code, message, requestId } }`. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = httpStatusOf(code);
  }
}

export const notFound = (what: string) => new ApiError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "you may not access this resource") => new ApiError("FORBIDDEN", message);
