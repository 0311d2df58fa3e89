import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Context } from "hono";
import { ApiError } from "../../../errors/api-error.js";
import type { AppEnv } from "../../../http/app-types.js";

// Video bodies from devices (live HLS segments, archived MP4 files) are read here rather than through the
// app's 1 MiB body limit (http/guards.ts `streamsItsBody`): each route sets its own ceiling, and the bytes
// are counted as they arrive, so a body without (or with a false) Content-Length cannot exceed it either.

const tooLarge = (what: string, maxBytes: number) =>
  new ApiError("PAYLOAD_TOO_LARGE", `${what} exceeds ${maxBytes} bytes`, { maxBytes });

/** Refuses a body of another type: the app's NUL check reads JSON and untyped bodies as text. */
export function requireContentType(c: Context<AppEnv>, allowed: readonly string[], what: string): void {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!allowed.includes(type)) {
    throw new ApiError("VALIDATION_FAILED", `${what} must be sent as ${allowed.join(" or ")}, not '${type}'`);
  }
}

/** Refuses at once when the declared length is already over the limit. */
function checkDeclaredLength(c: Context<AppEnv>, maxBytes: number, what: string): void {
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(what, maxBytes);
}

function bodyOf(c: Context<AppEnv>, what: string): Readable {
  const body = c.req.raw.body;
  if (!body) throw new ApiError("VALIDATION_FAILED", `${what} is missing (empty request body)`);
  return Readable.fromWeb(body as WebReadableStream<Uint8Array>);
}

/** Counts bytes through a stream and fails it with PAYLOAD_TOO_LARGE past `maxBytes`. */
function byteLimit(maxBytes: number, what: string): Transform & { bytes: number } {
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      limiter.bytes += chunk.length;
      if (limiter.bytes > maxBytes) return done(tooLarge(what, maxBytes));
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  limiter.bytes = 0;
  return limiter;
}

/** The whole body in memory, for small bodies only (a live segment of a few MiB at most). */
export async function readLimited(c: Context<AppEnv>, maxBytes: number, what: string): Promise<Buffer> {
  checkDeclaredLength(c, maxBytes, what);
  const chunks: Buffer[] = [];
  const limiter = byteLimit(maxBytes, what);
  await pipeline(bodyOf(c, what), limiter, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  if (limiter.bytes === 0) throw new ApiError("VALIDATION_FAILED", `${what} is empty`);
  return Buffer.concat(chunks, limiter.bytes);
}

/**
 * Streams the body into `path` (never held whole in memory) and answers its length; on any failure,
 * a refused size or a connection that broke off, the partial file is removed and the error rethrown.
 */
export async function writeLimited(
  c: Context<AppEnv>,
  path: string,
  maxBytes: number,
  what: string,
): Promise<number> {
  checkDeclaredLength(c, maxBytes, what);
  const limiter = byteLimit(maxBytes, what);
  try {
    await pipeline(bodyOf(c, what), limiter, createWriteStream(path, { flags: "wx" }));
  } catch (err) {
    await rm(path, { force: true });
    if (err instanceof ApiError) throw err;
    throw new ApiError("VALIDATION_FAILED", `${what} broke off after ${limiter.bytes} bytes`);
  }
  if (limiter.bytes === 0) {
    await rm(path, { force: true });
    throw new ApiError("VALIDATION_FAILED", `${what} is empty`);
  }
  return limiter.bytes;
}
