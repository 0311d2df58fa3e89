import { z } from "@hono/zod-openapi";
import { deviceIdSchema, errorBodySchema, MAX_EPOCH_MS, siteIdSchema } from "@sitewatch/shared-protocol";

/**
 * `.openapi()` for schemas built before @hono/zod-openapi extended zod (zod 4 copies methods onto each
 * schema when it is created, so shared-protocol's schemas lack it). It returns an annotated copy.
 */
export function annotate<S extends z.ZodType>(schema: S, ...args: unknown[]): S {
  const openapi = (z.ZodType.prototype as unknown as { openapi: (...a: unknown[]) => S }).openapi;
  return openapi.apply(schema, args);
}

export const ErrorBody = annotate(errorBodySchema, "Error");

/** Every protected route declares the bearer scheme (JWT access token or `sw_…` API token). */
export const bearer = [{ bearerAuth: [] }];
export const noAuth: [] = [];

export function json<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

export function body<S extends z.ZodType>(schema: S) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

const errorText: Record<number, string> = {
  400: "Invalid input (VALIDATION_FAILED, with the issues in `details`)",
  401: "Missing, expired or invalid credentials (UNAUTHENTICATED)",
  403: "Not allowed for this caller (FORBIDDEN) or address not allowed (IP_NOT_ALLOWED)",
  404: "Not found (NOT_FOUND)",
  409: "Conflict (CONFLICT)",
  422: "Unusable seat polygon (INVALID_POLYGON)",
  502: "The device reported a failure (COMMAND_FAILED)",
  503: "The device is offline (DEVICE_OFFLINE)",
  504: "The device did not answer in time (COMMAND_TIMEOUT)",
};

/** Error responses of a route, all with the shared error body. */
export function errors<const C extends readonly (keyof typeof errorText & number)[]>(...codes: C) {
  const out: Record<number, ReturnType<typeof json<typeof ErrorBody>>> = {};
  for (const code of codes) out[code] = json(ErrorBody, errorText[code] ?? "Error");
  return out as { [K in C[number]]: ReturnType<typeof json<typeof ErrorBody>> };
}

export const timestamp = z.string().openapi({ format: "date-time", example: "2025-03-01T09:00:00.000Z" });

/**
 * Query time bounds: ISO 8601 with an offset, e.g. `2025-03-01T00:00:00Z`, from 1970 (no event is
 * older) to 9999 (a later instant prints a six-digit year that PostgreSQL's timestamp input refuses).
 * The pattern alone admits year 0000 and February 30th, so the instant itself is checked too.
 */
export const isoQuery = z.iso
  .datetime({ offset: true })
  .refine(
    (text) => {
      const ms = Date.parse(text);
      return ms >= 0 && ms <= MAX_EPOCH_MS;
    },
    { message: "must be a real instant between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z" },
  )
  .openapi({ format: "date-time", example: "2025-03-01T00:00:00Z" });

export function iso(d: Date): string;
export function iso(d: Date | null): string | null;
export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

export function param<S extends z.ZodType>(schema: S, name: string) {
  return annotate(schema, { param: { name, in: "path" } });
}

export const siteParam = param(siteIdSchema, "site");

/**
 * Ids the hub mints itself (users, API tokens, alerts) are UUIDs: anything else, a NUL byte included
 * (which PostgreSQL text cannot hold), is refused here rather than sent to the database.
 */
export const uuidParam = (name: string) =>
  param(
    z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID"),
    name,
  );
export const SiteParams = z.object({ site: siteParam });
export const DeviceParams = z.object({ site: siteParam, device: param(deviceIdSchema, "device") });

export const OkBody = z.object({ ok: z.literal(true) }).openapi("Ok");
