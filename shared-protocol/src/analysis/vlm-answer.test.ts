import { describe, expect, it } from "vitest";
import { parseVlmAnswer, vlmAnswerJsonSchema } from "./vlm-answer.js";

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
});
