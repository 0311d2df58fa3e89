import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDoctor } from "./doctor-checks.js";

const SECRET = "doctor-must-not-print-this";

/** A loopback port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

describe("doctor with a camera password from a file", () => {
  it("names the camera's URL with the password masked when the camera cannot be opened", async () => {
    const dir = mkdtempSync(join(tmpdir(), "doctor-redaction-"));
    const port = await closedPort();
    writeFileSync(join(dir, "cam.secret"), `${SECRET}\n`);
    const configPath = join(dir, "agent.json");
    writeFileSync(
      configPath,
      `{
        "hub": { "url": "http://127.0.0.1:${port}", "mqttUrl": "mqtt://127.0.0.1:${port}" },
        "device": { "site": "cafe-1", "id": "edge-1" },
        "cameras": [
          { "id": "door", "name": "Door", "url": "rtsp://viewer@127.0.0.1:${port}/s1",
            "passwordFile": "cam.secret", "seats": [] }, // the file is next to this one
        ],
      }`,
    );
    const results = await runDoctor(configPath, { cameraTimeoutMs: 3_000, minFreeBytes: 1 });
    expect(results[0]).toMatchObject({ name: "config", ok: true });
    const camera = results.find((r) => r.name === "camera door");
    expect(camera).toMatchObject({ ok: false });
    expect(camera?.detail).toContain(`rtsp://viewer:***@127.0.0.1:${port}/s1`);
    expect(JSON.stringify(results)).not.toContain(SECRET);
  });
});
