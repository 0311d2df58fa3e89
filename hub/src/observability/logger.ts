import pino, { type Logger } from "pino";

export type { Logger };

/** JSON logs on stdout; tests pass level "silent" or a destination to capture lines. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "sitewatch-hub" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ["req.headers.authorization", "password", "token", "*.password", "*.token"],
    },
    destination,
  );
}
