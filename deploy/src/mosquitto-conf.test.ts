import { describe, expect, it } from "vitest";
import { readDeploy } from "./deploy-files.js";

/** Setting lines of a mosquitto.conf, comments and blanks dropped. */
const settings = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));

/** Each listener's own lines: from its `listener` line up to the next one. */
function listenerBlocks(lines: string[]): string[][] {
  const blocks: string[][] = [];
  for (const line of lines) {
    if (/^listener\s/.test(line)) blocks.push([line]);
    else blocks.at(-1)?.push(line);
  }
  return blocks;
}

describe("deploy/mosquitto/mosquitto.conf", () => {
  const lines = settings(readDeploy("mosquitto/mosquitto.conf"));

  it("makes the username the client id on every listener (a device cannot take over another's id)", () => {
    const blocks = listenerBlocks(lines);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      // Right after the listener line: Mosquitto applies it to the listener defined last.
      expect(block[1], block[0]).toBe("use_username_as_clientid true");
    }
  });

  it("leaves accounts to broker-config's include, with no anonymous access of its own", () => {
    expect(lines).toContain("include_dir /mosquitto/config/sitewatch");
    expect(lines.filter((line) => /^(allow_anonymous|password_file|acl_file)\s/.test(line))).toEqual([]);
  });
});
