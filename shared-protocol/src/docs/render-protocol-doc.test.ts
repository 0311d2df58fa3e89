import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { messageKinds } from "../registry.js";
import { renderProtocolDoc } from "./render-protocol-doc.js";

describe("docs/protocol.md", () => {
  const committed = readFileSync(new URL("../../../docs/protocol.md", import.meta.url), "utf8");
  const fresh = renderProtocolDoc();

  it("is up to date with the schemas (run `npm run docs:protocol` after changing them)", () => {
    expect(committed).toBe(fresh);
  });

  it("documents every message kind with its encoded size", () => {
    for (const kind of messageKinds) {
      expect(fresh).toMatch(new RegExp(`### ${kind}\\n`));
    }
    expect(fresh).toMatch(/Encoded size of the example: \d+ bytes/);
  });
});
