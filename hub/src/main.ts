#!/usr/bin/env node
import { buildCli } from "./cli.js";
import { ConfigError } from "./config.js";
import { ApiError } from "./errors/api-error.js";

buildCli()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // Configuration and usage mistakes get one readable message, not a stack trace.
    if (err instanceof ConfigError || err instanceof ApiError) process.stderr.write(`hub: ${err.message}\n`);
    else process.stderr.write(`hub: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
