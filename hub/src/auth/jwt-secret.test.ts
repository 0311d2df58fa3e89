import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger.js";
import { loadJwtSecret } from "./jwt-secret.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger("info", stream), lines };
}

describe("loadJwtSecret", () => {
  it("generates a secret once, stores it with mode 0600 and says so in the log", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-jwt-"));
    dirs.push(dir);
    const dataDir = join(dir, "data");
    const { logger, lines } = capture();
    const first = await loadJwtSecret({ dataDir, logger });
    const file = join(dataDir, "jwt-secret");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(new TextDecoder().decode(first)).toBe((await readFile(file, "utf8")).trim());
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(lines.join("")).toMatch(/generated a signing secret/);
    const second = await loadJwtSecret({ dataDir, logger });
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it("prefers the configured secret and writes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-jwt-"));
    dirs.push(dir);
    const { logger } = capture();
    const secret = await loadJwtSecret({ configured: "x".repeat(40), dataDir: dir, logger });
    expect(new TextDecoder().decode(secret)).toBe("x".repeat(40));
    await expect(stat(join(dir, "jwt-secret"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses a stored secret that is too short instead of signing with it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-jwt-"));
    dirs.push(dir);
    await writeFile(join(dir, "jwt-secret"), "short\n");
    const { logger } = capture();
    await expect(loadJwtSecret({ dataDir: dir, logger })).rejects.toThrow(/shorter than 32/);
  });
});
