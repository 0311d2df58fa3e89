import { realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  hubTableCommands,
  REPO_ROOT,
  readme,
  readmeCommands,
  runFromRoot,
  workspaces,
} from "./readme-commands.test-support.js";
import { README_COVERAGE } from "./readme-coverage.test-support.js";

// Every command the README shows, typed in the repository root as a new user would (after
// `npm install` and a build): the bin or script behind it must exist, and each subcommand and flag it
// shows must be real. What the commands then do is readme-session.integration.test.ts's part.
const markdown = readme();
const commands = readmeCommands(markdown);

/** The words that start a CLI command, and the program name its help prints. */
const CLIS: [prefix: string, program: string][] = [
  ["npx edge-agent", "edge-agent"],
  ["npx sitewatch-hub", "hub"],
  ["npm run hub --", "hub"],
];
const flagsOf = (text: string) => text.match(/(?<=^|[\s[])--[a-z][a-z-]*/g) ?? [];

/** `<prefix> <subcommand> --help` answers from the root, and lists every flag the README uses. */
async function expectHelp(prefix: string, program: string, rest: string): Promise<void> {
  const sub = /^[a-z][a-z-]*/.exec(rest)?.[0];
  const command = sub ? `${prefix} ${sub} --help` : `${prefix} --help`;
  const r = await runFromRoot(command);
  expect(r.code, `${command}\n${r.stdout}${r.stderr}`).toBe(0);
  expect(r.stdout).toContain(`Usage: ${program}${sub ? ` ${sub}` : ""} [options]`);
  for (const flag of flagsOf(rest)) expect(r.stdout, `${command} lists ${flag}`).toContain(flag);
}

/** `npm test`, `npm run x`, `npm run x -w @sitewatch/y`: the package and script it names. */
function scriptOf(command: string): { pkg: string; script: string } | undefined {
  const m = /^npm (?:(test|start)|run ([\w:.-]+)(?: -w (\S+))?)$/.exec(command);
  if (!m) return undefined;
  return { pkg: m[3] ?? "sitewatch", script: m[1] ?? m[2] ?? "" };
}

describe("the README's commands, typed in the repository root", () => {
  it("are each listed with how they are tested, and nothing listed has left the README", () => {
    expect(commands.filter((c) => !(c in README_COVERAGE))).toEqual([]);
    expect(Object.keys(README_COVERAGE).filter((c) => !commands.includes(c))).toEqual([]);
  });

  it("find every workspace bin linked in node_modules/.bin (npm install links them)", () => {
    for (const w of workspaces())
      for (const [name, file] of Object.entries(w.bin))
        expect(realpathSync(join(REPO_ROOT, "node_modules/.bin", name)), name).toBe(
          realpathSync(join(REPO_ROOT, w.dir, file)),
        );
  });

  for (const command of commands)
    it(`${command} (${README_COVERAGE[command] ?? "not listed"})`, { timeout: 60_000 }, async () => {
      const cli = CLIS.find(([prefix]) => command.startsWith(`${prefix} `));
      if (cli) return expectHelp(cli[0], cli[1], command.slice(cli[0].length + 1));
      const script = scriptOf(command);
      if (!script) return expect(command).toBe("npm install");
      const pkg = workspaces().find((w) => w.name === script.pkg);
      expect(pkg?.scripts[script.script], `script "${script.script}" of ${script.pkg}`).toBeTruthy();
    });

  const table = hubTableCommands(markdown);
  it("show a hub command table", () => {
    expect(table.map((c) => c.split(" ")[0])).toEqual(expect.arrayContaining(["start", "migrate"]));
  });
  for (const command of table)
    for (const [prefix, program] of CLIS.slice(1))
      it(`${prefix} ${command} (hub table)`, { timeout: 60_000 }, () => expectHelp(prefix, program, command));
});
