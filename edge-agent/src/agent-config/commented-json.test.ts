import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AgentConfigError, loadAgentConfig, saveAgentConfig } from "./agent-config-file.js";
import { CommentedJsonError, parseCommentedJson } from "./commented-json.js";

const dir = mkdtempSync(join(tmpdir(), "commented-json-"));

// What an installer writes by hand: comments after values, a block comment, trailing commas.
const handEdited = `// Sitewatch edge agent
{
  /* The hub on the site's network.
     Moved to the new server in March. */
  "hub": {
    "url": "http://hub.local:8080", // dashboard and REST
    "mqttUrl": "mqtt://hub.local:1883", /* broker */
  },
  "device": { "site": "cafe-1", "id": "edge-1", },
  "cameras": [
    {
      "id": "door", // short id
      "name": "Door",
      "url": "rtsp://10.0.0.5/stream1",
      "intervalMs": /* every */ 2000,
      "seats": [],
    },
  ],
}
`;

describe("config file with comments (JSONC)", () => {
  it("loads trailing // comments, /* */ blocks and trailing commas", async () => {
    const path = join(dir, "hand-edited.json");
    writeFileSync(path, handEdited);
    const config = await loadAgentConfig(path, {});
    expect(config.hub).toEqual({ url: "http://hub.local:8080", mqttUrl: "mqtt://hub.local:1883" });
    expect(config.device).toMatchObject({ site: "cafe-1", id: "edge-1" });
    expect(config.cameras[0]).toMatchObject({ id: "door", url: "rtsp://10.0.0.5/stream1", intervalMs: 2000 });
  });

  it("reads what its own renderer writes, comments and all", async () => {
    const path = join(dir, "rendered.json");
    writeFileSync(path, handEdited);
    const saved = await saveAgentConfig(path, await loadAgentConfig(path, {}));
    const text = readFileSync(path, "utf8");
    expect(text).toContain("// One entry per camera.");
    expect(text).not.toContain("Moved to the new server");
    expect(await loadAgentConfig(path, {})).toEqual(saved);
  });

  it("names line, column and what was expected, with the file", async () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, '{\n  "hub": { "url": "http://h" // no comma\n    "mqttUrl": "mqtt://h" }\n}\n');
    const err = await loadAgentConfig(path, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentConfigError);
    expect((err as Error).message).toBe(`${path}:3:5: expected "," between entries`);
  });

  it("reports an unclosed block comment and an empty file at their position", () => {
    const unclosed = parseError('{ "a": 1 /* open\n}');
    expect([unclosed.line, unclosed.column, unclosed.problem]).toEqual([
      1,
      10,
      'comment not closed with "*/"',
    ]);
    expect(parseError("").problem).toBe("expected a value");
    expect(parseError('{"a": 1}\n{"b": 2}').message).toBe(
      "line 2, column 1: expected the end of the file after the value",
    );
  });

  it("keeps comment markers inside strings", () => {
    expect(parseCommentedJson('{"a": "x // y", "b": "/* z */"}')).toEqual({ a: "x // y", b: "/* z */" });
  });
});

function parseError(text: string): CommentedJsonError {
  try {
    parseCommentedJson(text);
  } catch (err) {
    if (err instanceof CommentedJsonError) return err;
    throw err;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}
