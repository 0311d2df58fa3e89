import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { buildCli } from "./cli.js";
import { productVersion } from "./package-version.js";

// The product version is the root package.json's (deploy/src/release/package-versions.test.ts keeps
// every workspace equal to it); read here independently of the hub's own reader.
const rootVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** Runs the hub's program builder on `args` as commander would for `hub <args>`, output captured. */
function runCli(args: string[]): { out: string; error: unknown } {
  let out = "";
  const write = (s: string) => {
    out += s;
  };
  const program = buildCli().exitOverride().configureOutput({ writeOut: write, writeErr: write });
  try {
    program.parse(args, { from: "user" });
    return { out, error: undefined };
  } catch (error) {
    return { out, error };
  }
}

describe("hub --version", () => {
  it("reads the product version from the hub's package.json", () => {
    expect(productVersion()).toBe(rootVersion);
  });

  it("prints the product version alone and exits 0, for --version and -V", () => {
    for (const flag of ["--version", "-V"]) {
      const { out, error } = runCli([flag]);
      expect(out, flag).toBe(`${rootVersion}\n`);
      expect(error).toBeInstanceOf(CommanderError);
      expect((error as CommanderError).exitCode).toBe(0);
      expect((error as CommanderError).code).toBe("commander.version");
    }
  });

  it("lists --version in the help", () => {
    const { out } = runCli(["--help"]);
    expect(out).toMatch(/-V, --version\s+print the Sitewatch version/);
  });
});
