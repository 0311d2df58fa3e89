import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeAgentConfig } from "../../demo/agent-config.js";
import { demoPaths, loadDemoEnv } from "../../demo/demo-env.js";
import { demoClipPath, loadDemoSite } from "../../demo/demo-site.js";
import { REPO_ROOT } from "./demo-process.js";

describe("the demo site", () => {
  const site = loadDemoSite();

  it("ships its clip, small enough for the repository", () => {
    const clip = demoClipPath(site);
    expect(existsSync(clip)).toBe(true);
    expect(statSync(clip).size).toBeLessThanOrEqual(3 * 1024 * 1024);
  });

  it("has distinct seats that do not overlap, so each tile tells its own story", () => {
    const ids = site.seats.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const boxes = site.seats.map((s) => {
      const xs = s.polygon.map(([x]) => x);
      const ys = s.polygon.map(([, y]) => y);
      return { id: s.id, x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
    });
    for (const a of boxes)
      for (const b of boxes) {
        if (a.id >= b.id) continue;
        const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
  });

  it("reacts within seconds: short debounces at a 1 s interval", () => {
    expect(site.camera.intervalMs).toBeLessThanOrEqual(1_000);
    expect(site.analysis.entryDebounceMs).toBeLessThanOrEqual(2_000);
    expect(site.analysis.exitDebounceMs).toBeLessThanOrEqual(5_000);
  });
});

describe("the demo agent's config", () => {
  const site = loadDemoSite();
  const write = (gateUrl?: string) => {
    const paths = demoPaths(mkdtempSync(join(tmpdir(), "sitewatch-agent-config-")));
    try {
      mkdirSync(paths.agent);
      writeFileSync(join(paths.agent, "sitewatch-agent.credentials.json"), "{}");
      const inputs = { hubUrl: "http://h", mqttUrl: "mqtt://h", cameraUrl: "rtsp://c/plaza", revision: 1 };
      const file = writeAgentConfig(paths, site, { ...inputs, gateUrl, seats: [] });
      return JSON.parse(readFileSync(file, "utf8"));
    } finally {
      rmSync(paths.root, { recursive: true, force: true });
    }
  };

  it("has the seat camera alone at the seats' threshold without a gate clip", () => {
    const config = write();
    expect(config.cameras.map((c: { role: string }) => c.role)).toEqual(["seats"]);
    expect(config.detector.scoreThreshold).toBe(0.4);
  });

  it("adds the gate camera with the settings that work on the gate clip", () => {
    const config = write("rtsp://c/gate");
    expect(config.cameras[1]).toEqual({
      id: "gate",
      name: site.gateCamera.name,
      url: "rtsp://c/gate",
      role: "gate",
      intervalMs: 1_000,
      vehicleClasses: ["truck", "bus", "train", "suitcase"],
      scoreThreshold: 0.1,
    });
    // The seats keep the agent's threshold: the gate's low one is its own.
    expect(config.detector.scoreThreshold).toBe(0.4);
  });
});

describe("demo settings", () => {
  it("keeps data in ./data of the repository unless SITEWATCH_DATA_DIR says otherwise", () => {
    expect(loadDemoEnv({}).paths.root).toBe(join(REPO_ROOT, "data"));
    const custom = loadDemoEnv({ SITEWATCH_DATA_DIR: "/tmp/x", HUB_HTTP_PORT: "9090" });
    expect(custom.paths).toMatchObject({ root: "/tmp/x", hub: "/tmp/x/hub", agent: "/tmp/x/agent" });
    expect(custom.ports.http).toBe(9090);
    expect(demoPaths(undefined).credentials).toBe(join(REPO_ROOT, "data", "demo-credentials.json"));
  });

  it("names a bad setting", () => {
    expect(() => loadDemoEnv({ HUB_MQTT_PORT: "70000" })).toThrow(/HUB_MQTT_PORT/);
    expect(() => loadDemoEnv({ SITEWATCH_DEMO_SOURCE: "webcam" })).toThrow(/SITEWATCH_DEMO_SOURCE/);
  });
});

describe("npm run reset", () => {
  const reset = (dataDir: string) =>
    spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "deploy/demo/reset.ts")], {
      cwd: REPO_ROOT,
      env: { ...process.env, SITEWATCH_DATA_DIR: dataDir },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("removes only what the demo created", () => {
    const dir = mkdtempSync(join(tmpdir(), "sitewatch-reset-"));
    try {
      mkdirSync(join(dir, "hub", "pglite"), { recursive: true });
      mkdirSync(join(dir, "logs"));
      writeFileSync(join(dir, "demo-credentials.json"), "{}");
      writeFileSync(join(dir, "notes.txt"), "mine");
      const result = reset(dir);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain(`removed ${join(dir, "hub")}`);
      expect(readdirSync(dir)).toEqual(["notes.txt"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a data dir that contains the repository", () => {
    // The repository's parent, not the repository itself: should the guard ever break, the repository's
    // own hub/ folder (the hub workspace) must not be what the test deletes.
    const parent = dirname(REPO_ROOT.replace(/\/$/, ""));
    expect(["hub", "agent", "logs"].filter((name) => existsSync(join(parent, name)))).toEqual([]);
    const result = reset(parent);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refusing/);
    expect(existsSync(join(REPO_ROOT, "package.json"))).toBe(true);
  });
});
