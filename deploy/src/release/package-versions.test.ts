import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Versions live in one place: the root package.json's "version" is the product version, and every
// workspace carries the same number, so `hub --version`, `edge-agent --version` (each reads its own
// package.json) and the CHANGELOG all name one release. The wire protocol has its own number,
// PROTOCOL_VERSION in shared-protocol/src/version.ts, which is not a package version.
const root = new URL("../../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

interface PackageJson {
  name: string;
  version: string;
  license?: string;
  workspaces?: string[];
}

const rootPackage = JSON.parse(read("package.json")) as PackageJson;
const workspaces = (rootPackage.workspaces ?? []).map((dir) => ({
  dir,
  pkg: JSON.parse(read(`${dir}/package.json`)) as PackageJson,
}));

describe("the product version", () => {
  it("is a plain semantic version in the root package.json", () => {
    expect(rootPackage.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("is every workspace's version", () => {
    expect(workspaces.map((w) => w.dir)).toEqual(
      expect.arrayContaining(["shared-protocol", "hub", "edge-agent", "dashboard", "deploy", "testkit"]),
    );
    for (const { dir, pkg } of workspaces)
      expect(pkg.version, `${dir}/package.json`).toBe(rootPackage.version);
  });

  it("is what package-lock.json records for the root and every workspace", () => {
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { version?: string }> };
    for (const dir of ["", ...workspaces.map((w) => w.dir)]) {
      expect(lock.packages[dir]?.version, `package-lock.json packages["${dir}"]`).toBe(rootPackage.version);
    }
  });

  it("is the newest release in CHANGELOG.md, below an Unreleased section", () => {
    const headings = [...read("CHANGELOG.md").matchAll(/^## \[([^\]]+)\]/gm)].map(([, name]) => name);
    expect(headings[0]).toBe("Unreleased");
    expect(headings[1]).toBe(rootPackage.version);
  });
});

describe("the licence", () => {
  it("is Apache-2.0 in the root and every workspace package.json", () => {
    expect(rootPackage.license).toBe("Apache-2.0");
    for (const { dir, pkg } of workspaces) expect(pkg.license, `${dir}/package.json`).toBe("Apache-2.0");
  });

  it("is the Apache License 2.0 text with the project's notice in LICENSE, and NOTICE exists", () => {
    const license = read("LICENSE");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    expect(license).toContain("   Copyright 2026 The Sitewatch authors\n");
    expect(license).not.toContain("[yyyy]");
    expect(read("NOTICE")).toMatch(/^Sitewatch\nCopyright 2026 The Sitewatch authors\n/);
  });
});
