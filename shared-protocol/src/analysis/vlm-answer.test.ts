import { describe, expect, it } from "vitest";
import { analysisResultSchema } from "../messages/analysis-jobs.js";
import { parseVlmAnswer, vlmAnswerJsonSchema, vlmResult } from "./vlm-answer.js";

describe("VLM answer", () => {
  const answer = { summary: "Quiet.", safetyScore: 90, personsPerImage: [1, 0], incidents: [] };

  it("accepts an answer that fits the images and explains one that does not", () => {
    expect(parseVlmAnswer(JSON.stringify(answer), 2)).toEqual({ answer });
    expect(parseVlmAnswer("{ summary: 'Quiet.' }", 2)).toMatchObject({
      issue: expect.stringMatching(/^not JSON/),
    });
    expect(parseVlmAnswer(JSON.stringify({ ...answer, safetyScore: 101 }), 2)).toMatchObject({
      issue: expect.stringMatching(/^safetyScore: /),
    });
    const stray = {
      ...answer,
      incidents: [{ image: 3, kind: "fire", severity: "critical", description: "smoke" }],
    };
    expect(parseVlmAnswer(JSON.stringify(stray), 2)).toEqual({
      issue: "incident on image 3, but only 2 images were sent",
    });
  });

  it("gives Ollama a plain JSON schema of the answer", () => {
    const schema = vlmAnswerJsonSchema();
    expect(schema.$schema).toBeUndefined();
    expect(schema).toMatchObject({
      type: "object",
      required: ["summary", "safetyScore", "personsPerImage", "incidents"],
    });
  });

  it("turns an answer into the protocol's result, image numbers into times", () => {
    const incidents = [
      { image: 2, kind: "crowding", severity: "warning" as const, description: "a queue" },
      { image: 1, kind: "object_left", severity: "info" as const, description: "a bag" },
    ];
    const result = vlmResult({
      answer: { ...answer, incidents },
      model: "qwen2.5vl:3b",
      offsetsMs: [0, 30_000],
      thumbnails: ["001-crowding.jpg"],
    });
    expect(analysisResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      provider: "vlm",
      model: "qwen2.5vl:3b",
      safetyScore: 90,
      sampledFrames: 2,
    });
    expect(result.personCounts).toEqual([
      { offsetMs: 0, count: 1 },
      { offsetMs: 30_000, count: 0 },
    ]);
    expect(result.incidents).toEqual([
      {
        offsetMs: 30_000,
        kind: "crowding",
        severity: "warning",
        description: "a queue",
        thumbnail: "001-crowding.jpg",
      },
      { offsetMs: 0, kind: "object_left", severity: "info", description: "a bag" },
    ]);
  });
});
