import { decodeMessage, httpStatusOf } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { ApiError } from "../errors/api-error.js";
import { commandNameOf, encodeCommand } from "./command-encoding.js";

const target = { site: "site-a", device: "edge-01" };

describe("encodeCommand", () => {
  it("completes the envelope and produces what a device decodes", () => {
    const before = Date.now();
    const cmd = encodeCommand("liveStart", target, { camera: "cam-01", session: "s1" }, 5_000);
    expect(cmd.topic).toBe("sitewatch/v1/site-a/edge-01/cmd/live-start");
    expect(cmd.name).toBe("live-start");
    const decoded = decodeMessage(cmd.topic, cmd.payload);
    expect(decoded).toMatchObject({
      ok: true,
      kind: "liveStart",
      message: { v: 1, id: cmd.id, camera: "cam-01", session: "s1", timeoutMs: 5_000, ttlMs: 60_000 },
    });
    expect(decoded.ok && decoded.message.ts).toBeGreaterThanOrEqual(before);
  });

  it("caps the envelope timeout at the protocol's limit and gives every command its own id", () => {
    const a = encodeCommand("snapshotRequest", target, { camera: "c" }, 3_600_000);
    const b = encodeCommand("snapshotRequest", target, { camera: "c" }, 1_000);
    expect(JSON.parse(a.payload).timeoutMs).toBe(600_000);
    expect(a.id).not.toBe(b.id);
  });

  it("turns an invalid body or target into VALIDATION_FAILED", () => {
    const bad = () => encodeCommand("liveStart", target, { camera: "", session: "s" }, 1_000);
    expect(bad).toThrow(ApiError);
    expect(bad).toThrow(/camera/);
    try {
      encodeCommand("restartPipeline", { site: "site/a", device: "#" }, {}, 1_000);
      expect.unreachable();
    } catch (err) {
      // The error carries the code only; REST answers it with the protocol's status for the code.
      expect(err).toMatchObject({ code: "VALIDATION_FAILED" });
      expect(httpStatusOf((err as ApiError).code)).toBe(400);
    }
  });

  it("names kinds as devices and the REST API do", () => {
    expect(commandNameOf("configPush")).toBe("config-push");
    expect(commandNameOf("snapshotRequest")).toBe("snapshot");
    expect(commandNameOf("restartPipeline")).toBe("restart-pipeline");
  });
});
