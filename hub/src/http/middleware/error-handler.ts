import { type ErrorCode, httpStatusOf } from "@sitewatch/shared-protocol";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { ApiError } from "../../errors/api-error.js";
import type { Logger } from "../../observability/logger.js";
import type { AppEnv } from "../app-types.js";

export interface Issue {
  path: string;
  message: string;
  code: string;
}

export function zodIssues(err: ZodError): Issue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code }));
}

/** The validator hook: turns a failed zod parse into VALIDATION_FAILED with every issue listed. */
export function validationHook(result: { success: boolean; error?: ZodError; target: string }): void {
  if (result.success || !result.error) return;
  const issues = zodIssues(result.error);
  const first = issues[0];
  const where = first?.path ? `${result.target}.${first.path}` : result.target;
  throw new ApiError("VALIDATION_FAILED", `invalid ${where}: ${first?.message ?? "invalid input"}`, issues);
}

function render(c: Context<AppEnv>, code: ErrorCode, status: number, message: string, details?: unknown) {
  const requestId = c.get("requestId") ?? "unknown";
  const error = details === undefined ? { code, message, requestId } : { code, message, requestId, details };
  return c.json({ error }, status as ContentfulStatusCode);
}

// Postgres SQLSTATEs that are the caller's fault rather than ours, e.g. two admins creating one site at once.
function pgError(err: unknown): { code: string; detail?: string } | null {
  for (let e: unknown = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, detail: (e as { detail?: string }).detail };
    }
  }
  return null;
}

function fromHttpException(err: HTTPException): { code: ErrorCode; message: string } {
  switch (err.status) {
    case 400:
      return { code: "VALIDATION_FAILED", message: err.message || "bad request" };
    case 415:
      return { code: "VALIDATION_FAILED", message: "the request body must be application/json" };
    case 401:
      return { code: "UNAUTHENTICATED", message: err.message || "unauthenticated" };
    case 403:
      return { code: "FORBIDDEN", message: err.message || "forbidden" };
    case 404:
      return { code: "NOT_FOUND", message: err.message || "not found" };
    case 413:
      return { code: "PAYLOAD_TOO_LARGE", message: err.message || "request body too large" };
    default:
      return { code: "INTERNAL", message: "internal error" };
  }
}

/** The one error renderer: every failure leaves as `{ error: { code, message, requestId } }`. */
export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof ApiError) return render(c, err.code, httpStatusOf(err.code), err.message, err.details);
    if (err instanceof ZodError) {
      return render(c, "VALIDATION_FAILED", 400, "invalid input", zodIssues(err));
    }
    if (err instanceof HTTPException) {
      const mapped = fromHttpException(err);
      // The code decides the status, so a 415 from the body validator still reads as a plain 400.
      if (mapped.code !== "INTERNAL")
        return render(c, mapped.code, httpStatusOf(mapped.code), mapped.message);
    }
    const pg = pgError(err);
    if (pg?.code === "23505") return render(c, "CONFLICT", 409, "the resource already exists", pg.detail);
    if (pg?.code === "23503") {
      return render(
        c,
        "VALIDATION_FAILED",
        400,
        "the request refers to something that does not exist",
        pg.detail,
      );
    }
    logger.error(
      { err, requestId: c.get("requestId"), method: c.req.method, path: c.req.path },
      "unhandled error in request",
    );
    return render(c, "INTERNAL", 500, "internal error; quote the request id when reporting it");
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  render(c, "NOT_FOUND", 404, `no route for ${c.req.method} ${c.req.path}`);
