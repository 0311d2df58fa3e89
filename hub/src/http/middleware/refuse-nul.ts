import type { MiddlewareHandler } from "hono";
import { ApiError } from "../../errors/api-error.js";
import type { AppEnv } from "../app-types.js";

const ENCODED_NUL = /%00/i;
const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object")
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a NUL in a path, query or JSON body of the API
 * would fail in the database as an internal error. Refused here, once for every route, as the
 * caller's mistake it is. The body is read through Hono's cache, so the route's validator still sees it.
 */
export function refuseNul(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (ENCODED_NUL.test(c.req.url)) {
      throw new ApiError("VALIDATION_FAILED", "the URL must not contain U+0000 (%00)");
    }
    // Binary bodies (a JPEG thumbnail) are not text: reading them as text would also spoil them for the
    // handler, which Hono then hands the decoded text.
    if (WITH_BODY.has(c.req.method) && isJsonOrUntyped(c.req.header("content-type"))) {
      const text = await c.req.text();
      // Only then parse: `\\u0000` (an escaped backslash and "u0000") is not a NUL.
      if (text.includes("\\u0000")) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined; // the route's validator reports malformed JSON
        }
        if (containsNul(parsed)) {
          throw new ApiError("VALIDATION_FAILED", "strings in the request body must not contain U+0000");
        }
      }
    }
    await next();
  };
}

function isJsonOrUntyped(type: string | undefined): boolean {
  return !type || /^application\/([\w.+-]*\+)?json\b/i.test(type) || /^text\//i.test(type);
}
