import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHubCli } from "./cli.test-support.js";

// The built hub (`npm test` builds first), as an operator runs it after an upgrade to see what runs.
const rootVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-cli-version-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the built hub CLI", () => {
  it("prints the product version with --version and -V, and nothing else", async () => {
    for (const flag of ["--version", "-V"]) {
      const result = await runHubCli(dataDir, [flag]);
      expect(result, flag).toEqual({ code: 0, stdout: `${rootVersion}\n`, stderr: "" });
    }
  });

  it("prints it without reading any setting: a bad one does not stop it", async () => {
    const result = await runHubCli(dataDir, ["--version"], { DATABASE_URL: "mysql://nope" });
    expect(result).toEqual({ code: 0, stdout: `${rootVersion}\n`, stderr: "" });
  });
});
