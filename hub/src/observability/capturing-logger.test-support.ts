import { Writable } from "node:stream";
import { createLogger, type Logger } from "./logger.js";

/** A real logger whose JSON lines land in `lines`, for tests that check what was logged. */
export function capturingLogger(level = "info"): { lines: Array<Record<string, unknown>>; logger: Logger } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger(level, stream) };
}
