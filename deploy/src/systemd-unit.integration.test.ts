import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, readDeploy, repoPathExists } from "./deploy-files.js";

// `systemd-analyze verify` checks syntax, known keys and that ExecStart's binary exists. The units
// expect the repository in /opt/sitewatch; the temp copies point at this checkout's build instead.
const probe = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
const unavailable = probe.error ? `systemd-analyze unavailable (${probe.error.message})` : undefined;
if (unavailable) console.warn(`skipping the systemd unit checks: ${unavailable}`);
const dir = mkdtempSync(join(tmpdir(), "sitewatch-units-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verify(unit: string): { status: number | null; output: string } {
  const path = join(dir, unit);
  writeFileSync(path, readDeploy(`systemd/${unit}`).replaceAll("/opt/sitewatch/", REPO_ROOT));
  const result = spawnSync("systemd-analyze", ["verify", path], { encoding: "utf8", timeout: 30_000 });
  // Unknown keys are only warnings (exit 0), so any remark about our file counts as a failure.
  const output = `${result.stdout}${result.stderr}`
    .split("\n")
    .filter((line) => line.includes(unit))
    .join("\n");
  return { status: result.status, output };
}

describe.skipIf(unavailable !== undefined)("systemd units", () => {
  it.each([
    ["sitewatch-edge-agent.service", "edge-agent/dist/cli/main.js"],
    ["sitewatch-hub.service", "hub/dist/main.js"],
  ])("%s passes systemd-analyze verify", (unit, built) => {
    expect(repoPathExists(built), `${built} missing: build first (npm run build)`).toBe(true);
    expect(verify(unit)).toEqual({ status: 0, output: "" });
  });

  it("the agent unit is Type=notify with the settings its notifier relies on", () => {
    const text = readDeploy("systemd/sitewatch-edge-agent.service");
    for (const line of [
      "Type=notify",
      "NotifyAccess=all",
      "Environment=UV_THREADPOOL_SIZE=24",
      "Restart=on-failure",
      "ProtectSystem=strict",
      "CapabilityBoundingSet=",
      "SystemCallFilter=@system-service",
    ])
      expect(text).toMatch(new RegExp(`^${line}$`, "m"));
    expect(text).toMatch(/^WatchdogSec=\d+/m);
    expect(text).not.toMatch(/^MemoryDenyWriteExecute=/m);
  });

  it("rejects a unit with a mistake (the check can fail)", () => {
    const unit = "broken-sitewatch.service";
    writeFileSync(join(dir, unit), "[Service]\nType=notify\nExecStart=/usr/bin/env true\nRestartSecs=5\n");
    const result = spawnSync("systemd-analyze", ["verify", join(dir, unit)], { encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`).toMatch(/Unknown key 'RestartSecs'/);
  });
});
