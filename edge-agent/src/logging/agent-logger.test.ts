import { describe, expect, it } from "vitest";
import { createAgentLogger, logLine } from "./agent-logger.js";
import type { LogSettings } from "./log-env.js";

function capture(settings: Partial<LogSettings> = {}) {
  const lines: string[] = [];
  const logger = createAgentLogger(
    { level: "info", format: "json", colorize: false, ...settings },
    { write: (line: string) => lines.push(line) },
  );
  return { lines, logger, log: logLine(logger) };
}

describe("the agent's logger", () => {
  it("writes one parseable JSON object per line, fields beside the message", () => {
    const { lines, log } = capture();
    log("agent running: 2 camera(s)");
    log("camera not analysed: no OCR model", { level: "warn", camera: "door", role: "gate" });
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.endsWith("\n")).toBe(true);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 30, msg: "agent running: 2 camera(s)", service: "sitewatch-agent" });
    expect(Number.isNaN(Date.parse(String(first?.time)))).toBe(false);
    expect(second).toMatchObject({
      level: 40,
      msg: "camera not analysed: no OCR model",
      camera: "door",
      role: "gate",
    });
    expect(second).not.toHaveProperty("fields");
  });

  it("drops lines below LOG_LEVEL and keeps those at or above it", () => {
    const { lines, log } = capture({ level: "warn" });
    log("chatty", { level: "debug" });
    log("routine");
    log("disk full", { level: "warn" });
    log("cannot start", { level: "error" });
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["disk full", "cannot start"]);
  });

  it("writes trace and debug only when asked for them, and nothing when silent", () => {
    const traced = capture({ level: "trace" });
    traced.log("frame 1", { level: "trace" });
    traced.log("frame 2", { level: "debug" });
    expect(traced.lines.map((l) => (JSON.parse(l) as { level: number }).level)).toEqual([10, 20]);
    const silent = capture({ level: "silent" });
    silent.log("anything", { level: "fatal" });
    expect(silent.lines).toEqual([]);
  });

  it("serialises an error with its message and stack, and hides passwords", () => {
    const { lines, logger } = capture();
    logLine(logger)("cannot load model", { level: "error", err: new Error("no such file") });
    logger.info({ mqtt: { password: "s3cret" } }, "connecting");
    type Line = { err?: { type: string; message: string; stack: string }; mqtt?: { password: string } };
    const [failed, connecting] = lines.map((l) => JSON.parse(l) as Line);
    expect(failed?.err).toMatchObject({ type: "Error", message: "no such file" });
    expect(failed?.err?.stack).toMatch(/no such file/);
    expect(lines[1]).not.toContain("s3cret");
    expect(connecting?.mqtt?.password).toBe("[Redacted]");
  });

  it("writes readable single lines in the pretty format: time, level, message, fields", () => {
    const { lines, log } = capture({ format: "pretty" });
    log("camera reconnecting", { level: "warn", camera: "door" });
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] WARN: camera reconnecting \{"camera":"door"\}\n$/,
    );
    // No colour escapes when not asked for, and none of the constant fields.
    expect(line).not.toContain("\u001b[");
    expect(line).not.toMatch(/service|pid|hostname/);
  });

  it("names the device on every JSON line, and leaves it out of the pretty one", () => {
    const json = capture();
    logLine(json.logger.child({ site: "cafe-1", device: "edge-1" }))("agent running");
    expect(JSON.parse(json.lines[0] ?? "")).toMatchObject({ site: "cafe-1", device: "edge-1" });
    const pretty = capture({ format: "pretty" });
    logLine(pretty.logger.child({ site: "cafe-1", device: "edge-1" }))("agent running");
    expect(pretty.lines[0]).toMatch(/INFO: agent running\n$/);
  });

  it("colours the level when asked to", () => {
    const { lines, log } = capture({ format: "pretty", colorize: true });
    log("agent running");
    expect(lines[0]).toContain("\u001b[");
    expect(lines[0]).toContain("agent running");
  });
});
