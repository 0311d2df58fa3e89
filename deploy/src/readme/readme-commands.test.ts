import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hubTableCommands, REPO_ROOT, readmeCommands, workspaces } from "./readme-commands.test-support.js";

describe("readmeCommands", () => {
  it("takes sh block lines and inline npm/npx spans; joins continuations, drops comments and others", () => {
    const markdown = [
      "Run `npm run a` (not `git status`), or `npx tool",
      "  sub --x` after it.",
      "```",
      "diagram `npm run not-a-command`",
      "```",
      "```sh",
      "npx tool one      # does one",
      "npx tool two --a 1 \\",
      "  --b 2 -y",
      "echo not npm",
      "npm run a",
      "```",
    ].join("\n");
    expect(readmeCommands(markdown)).toEqual([
      "npx tool one",
      "npx tool two --a 1 --b 2 -y",
      "npm run a",
      "npx tool sub --x",
    ]);
  });

  it("reads the hub command table's first column", () => {
    const markdown = [
      "### Hub commands and settings",
      "",
      "`npm run hub -- <command>`:",
      "",
      "| command | does |",
      "| --- | --- |",
      "| `start` | run |",
      "| `create-admin --email E` | admin |",
      "",
      "| variable | default |",
      "| `DATABASE_URL` | — |",
    ].join("\n");
    expect(hubTableCommands(markdown)).toEqual(["start", "create-admin --email E"]);
  });
});

describe("workspace bins", () => {
  // npm links a bin into node_modules/.bin only if its file exists during `npm install`; a bin under
  // dist/ is not there on a fresh clone, so npx then asks the registry for it and gets a 404.
  it("point at committed launchers that exist before any build", () => {
    const bins = workspaces().flatMap((w) =>
      Object.entries(w.bin).map(([name, file]) => ({ w, name, file })),
    );
    expect(bins.map((b) => b.name)).toEqual(expect.arrayContaining(["edge-agent", "sitewatch-hub"]));
    for (const { w, name, file } of bins) {
      expect(file.split("/"), `${w.name} bin ${name}`).not.toContain("dist");
      const path = join(REPO_ROOT, w.dir, file);
      expect(existsSync(path), `${w.name} bin ${name}: ${path}`).toBe(true);
      expect(readFileSync(path, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    }
  });
});
