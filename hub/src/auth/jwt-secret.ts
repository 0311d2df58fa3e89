import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../observability/logger.js";

const MIN_SECRET_CHARS = 32;

/**
 * The HS256 signing key. A configured JWT_SECRET wins; otherwise the first start generates one and keeps it
 * in `<dataDir>/jwt-secret` (0600), so tokens survive restarts without any set-up. Several hub instances
 * behind one load balancer must share the secret, which is why the log line says where it came from.
 */
export async function loadJwtSecret(opts: {
  configured?: string;
  dataDir: string;
  logger: Logger;
}): Promise<Uint8Array> {
  if (opts.configured) return new TextEncoder().encode(opts.configured);
  const path = join(opts.dataDir, "jwt-secret");
  const existing = await readSecretFile(path);
  if (existing !== null) {
    opts.logger.info({ path }, "JWT signing secret loaded from the data directory");
    return new TextEncoder().encode(existing);
  }
  await mkdir(opts.dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  try {
    // "wx": if another process created the file meanwhile, keep its secret rather than overwrite it.
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const raced = await readSecretFile(path);
    if (raced === null) throw err;
    return new TextEncoder().encode(raced);
  }
  opts.logger.warn(
    { path },
    "no JWT_SECRET configured: generated a signing secret and stored it (mode 0600) in the data directory; " +
      "set JWT_SECRET to the same value on every hub instance that shares users",
  );
  return new TextEncoder().encode(secret);
}

async function readSecretFile(path: string): Promise<string | null> {
  let text: string;
  try {
    text = (await readFile(path, "utf8")).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  if (text.length < MIN_SECRET_CHARS) {
    throw new Error(
      `${path} holds a JWT secret shorter than ${MIN_SECRET_CHARS} characters; delete or fix it`,
    );
  }
  return text;
}
