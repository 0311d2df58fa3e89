import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BuildProgress } from "../../demo/build-progress.js";
import { turboBuild } from "../../demo/turbo-build.js";
import { readPlan } from "../../demo/turbo-plan.js";
import { REPO_ROOT } from "./demo-process.js";

// The build step against the real turbo on a small workspace of its own: `lib` builds first and
// prints a model line among noise, `glue` has no build script, `app` needs `lib` through `glue`.

const TURBO = join(REPO_ROOT, "node_modules/.bin/turbo");
const root = mkdtempSync(join(tmpdir(), "sitewatch-build-step-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const json = (path: string, value: unknown) => writeFileSync(join(root, path), JSON.stringify(value));

function pkg(name: string, deps: string[], build?: string): void {
  mkdirSync(join(root, name), { recursive: true });
  const scripts = build ? { build: "node build.mjs" } : {};
  const dependencies = Object.fromEntries(deps.map((d) => [d, "*"]));
  json(`${name}/package.json`, { name, version: "1.0.0", scripts, dependencies });
  if (build) writeFileSync(join(root, name, "build.mjs"), build);
}

const writesOut = (extra = "") =>
  `import { mkdirSync, writeFileSync } from "node:fs";\n${extra}\nmkdirSync("out", { recursive: true });\nwriteFileSync("out/done", "1");\n`;

function setUp(): void {
  const names = ["lib", "glue", "app"];
  json("package.json", { name: "ws", private: true, packageManager: "npm@11.0.0", workspaces: names });
  json("turbo.json", { tasks: { build: { dependsOn: ["^build"], outputs: ["out/**"] } } });
  json("package-lock.json", {
    name: "ws",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "ws", workspaces: names },
      ...Object.fromEntries(names.map((n) => [`node_modules/${n}`, { resolved: n, link: true }])),
    },
  });
  writeFileSync(join(root, ".gitignore"), "node_modules\n.turbo\nout\n");
  pkg(
    "lib",
    [],
    writesOut('console.log("noise from a compiler");\nconsole.log("[models] m: converting x (1.0 MB)…");'),
  );
  pkg("glue", ["lib"]);
  pkg("app", ["glue"], writesOut());
  // Turbo hashes the files git knows about; without a repository it would hash the outputs too.
  for (const args of [
    ["init", "-q"],
    ["add", "-A"],
  ])
    spawnSync("git", args, { cwd: root });
}

async function build(): Promise<{ ok: boolean; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const progress = new BuildProgress(
    (l) => out.push(l),
    (l) => err.push(l),
  );
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", NO_COLOR: "1" };
  const ok = await turboBuild({ cwd: root, turbo: TURBO, env, progress });
  return { ok, out, err };
}

describe("the npm start build step on a real turbo workspace", () => {
  setUp();

  it("plans only the packages with a build script, a dependency through one without kept", async () => {
    const plan = await readPlan(TURBO, "build", root, process.env);
    expect(plan.map((t) => [t.pkg, t.deps, t.cached]).sort()).toEqual([
      ["app", ["lib#build"], false],
      ["lib", [], false],
    ]);
  });

  it("shows each package starting and ending on a cold build, with the model lines and no noise", async () => {
    const { ok, out, err } = await build();
    expect(err).toEqual([]);
    expect(ok).toBe(true);
    expect(out[0]).toBe("[build] building all packages (app, lib); later starts reuse the result");
    expect(out.slice(1, 5)).toEqual([
      "[build] lib: building…",
      "[models] m: converting x (1.0 MB)…",
      expect.stringMatching(/^\[build\] lib: built in \d+\.\d s$/),
      "[build] app: building…",
    ]);
    expect(out[5]).toMatch(/^\[build\] app: built in \d+\.\d s$/);
    expect(out[6]).toMatch(/^\[build\] done in \d+\.\d s \(2 built, 0 cached\)$/);
    expect(out).toHaveLength(7);
  }, 60_000);

  it("says one line when turbo has everything cached", async () => {
    const { ok, out, err } = await build();
    expect([ok, err]).toEqual([true, []]);
    expect(out).toEqual([expect.stringMatching(/^\[build\] up to date \(\d+\.\d s\)$/)]);
  }, 60_000);

  it("rebuilds only the package whose sources changed", async () => {
    writeFileSync(join(root, "app", "build.mjs"), writesOut("// changed"));
    const { ok, out } = await build();
    expect(ok).toBe(true);
    expect(out[0]).toBe("[build] building 1 of 2 packages (app); later starts reuse the result");
    expect(out.slice(1, 3)).toEqual(["[build] app: building…", expect.stringMatching(/app: built in/)]);
    expect(out[3]).toMatch(/\(1 built, 1 cached\)$/);
  }, 60_000);

  it("prints a failing package's whole output and starts nothing after it", async () => {
    writeFileSync(
      join(root, "lib", "build.mjs"),
      'console.error("src/a.ts(1,1): error TS2322: broken");\nprocess.exit(2);\n',
    );
    const { ok, out, err } = await build();
    expect(ok).toBe(false);
    expect(out).toContain("[build] lib: building…");
    expect(out.join("\n")).not.toContain("app:");
    expect(err[0]).toMatch(/^\[build\] lib: failed after \d+\.\d s; its build output:$/);
    expect(err).toContain("lib:build: src/a.ts(1,1): error TS2322: broken");
    expect(err.at(-1)).toBe("[build] failed; fix the errors above and run npm start again");
  }, 60_000);

  it("reports a dependency whose sources change during the build as built again", async () => {
    // lib adds a file to its own sources while it builds, as an editor would, so turbo finds it
    // changed again when app's run starts and builds it once more before app.
    writeFileSync(
      join(root, "lib", "build.mjs"),
      writesOut(
        'import { existsSync } from "node:fs";\nif (!existsSync("stamp")) writeFileSync("stamp", "edited");',
      ),
    );
    const { ok, out } = await build();
    expect(ok).toBe(true);
    expect(out.slice(1).map((l) => l.replace(/ in \d+\.\d s/, ""))).toEqual([
      "[build] lib: building…",
      "[build] lib: built",
      "[build] lib: building…",
      "[build] lib: built",
      "[build] app: building…",
      "[build] app: built",
      "[build] done (3 built, 0 cached)",
    ]);
  }, 60_000);
});
