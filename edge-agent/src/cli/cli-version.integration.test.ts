import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productVersion } from "../package-version.js";

// `edge-agent --version` as an installer runs it, from the build (`npm test` builds first) and from the
// TypeScript entry point (tsx): both read edge-agent/package.json, found relative to the module itself.
const built = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const source = fileURLToPath(new URL("./main.ts", import.meta.url));
// The product version is the root package.json's; read here independently of the agent's reader.
const rootVersion = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
let cwd: string;

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs node with `args` in a temporary directory (by default) and no agent settings in its environment. */
function run(args: string[], dir = cwd): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env = { PATH: process.env.PATH ?? "" };
    execFile(process.execPath, args, { cwd: dir, env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: number }).code : 0;
      done({ code: typeof code === "number" ? code : 1, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build -w @sitewatch/edge-agent`);
  cwd = await mkdtemp(join(tmpdir(), "edge-agent-version-"));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("edge-agent --version", () => {
  it("the agent's reader gives the product version", () => {
    expect(productVersion()).toBe(rootVersion);
  });

  it("prints the product version alone and exits 0 from the build, for --version and -V", async () => {
    for (const flag of ["--version", "-V"]) {
      expect(await run([built, flag]), flag).toEqual({ code: 0, stdout: `${rootVersion}\n`, stderr: "" });
    }
  });

  it("prints the same from the sources", async () => {
    // From the repository root, where node resolves `--import tsx`.
    const r = await run(["--import", "tsx", source, "--version"], repoRoot);
    expect(r).toEqual({ code: 0, stdout: `${rootVersion}\n`, stderr: "" });
  });

  it("lists --version in the help", async () => {
    const r = await run([built, "--help"]);
    expect(r.stdout).toMatch(/-V, --version\s+print the Sitewatch version/);
  });
});
