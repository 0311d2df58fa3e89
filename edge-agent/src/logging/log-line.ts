/**
 * The agent's logging seam: one function, as every part of the agent always took it, so a part can be
 * tested with `(message) => lines.push(message)`. The optional fields carry the level (info when
 * absent) and context such as the camera or role, which the running agent writes as structured fields
 * (agent-logger.ts) rather than folded into the message text.
 */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export interface LogFields {
  level?: LogLevel;
  camera?: string;
  role?: string;
  /** An Error logged with its type, message and stack. */
  err?: unknown;
  [field: string]: unknown;
}

export type LogLine = (message: string, fields?: LogFields) => void;

/** For parts whose log nobody reads (tests, one-shot commands). */
export const silentLog: LogLine = () => {};
