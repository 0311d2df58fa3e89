import { describe, expect, it } from "vitest";
import {
  askVlm,
  spreadEvenly,
  VLM_SYSTEM_PROMPT,
  VlmAnswerError,
  type VlmChatRequest,
} from "./vlm-conversation.js";

const good = { summary: "Two persons talk.", safetyScore: 95, personsPerImage: [2, 2], incidents: [] };
const images = { jpegs: ["AAAA", "BBBB"], offsetsMs: [0, 30_400] };

/** A model that answers with `replies` in turn (the last repeats) and records what it was sent. */
function model(replies: string[]) {
  const sent: VlmChatRequest[] = [];
  const chat = async (request: VlmChatRequest) => {
    sent.push(structuredClone(request));
    return replies[Math.min(sent.length - 1, replies.length - 1)] as string;
  };
  return { chat, sent };
}

describe("VLM conversation", () => {
  it("sends the prompt, the images with their times and the schema at temperature 0", async () => {
    const m = model([JSON.stringify(good)]);
    expect(await askVlm(m.chat, "qwen2.5vl:3b", images, 1)).toEqual(good);
    expect(m.sent).toHaveLength(1);
    const [request] = m.sent;
    expect(request).toMatchObject({ model: "qwen2.5vl:3b", options: { temperature: 0 } });
    expect(request?.format).toMatchObject({ type: "object" });
    expect(request?.messages).toEqual([
      { role: "system", content: VLM_SYSTEM_PROMPT },
      { role: "user", content: "2 images: image 1 at 0 s, image 2 at 30 s.", images: ["AAAA", "BBBB"] },
    ]);
  });

  it("shows the model its mistake once, then gives up with the reason", async () => {
    const fixed = model(["Sure, here it is", JSON.stringify(good)]);
    expect(await askVlm(fixed.chat, "m", images, 1)).toEqual(good);
    expect(fixed.sent[1]?.messages.slice(-2)).toEqual([
      { role: "assistant", content: "Sure, here it is" },
      { role: "user", content: expect.stringMatching(/^That answer is invalid \(not JSON/) },
    ]);
    const stubborn = model([JSON.stringify({ ...good, personsPerImage: [2] })]);
    const failure = askVlm(stubborn.chat, "m", images, 1);
    await expect(failure).rejects.toBeInstanceOf(VlmAnswerError);
    await expect(failure).rejects.toThrow(
      "model output did not match the schema: personsPerImage has 1 entries for 2 images (2 attempts)",
    );
    expect(stubborn.sent).toHaveLength(2);
  });

  it("spreads a long list evenly, keeping both ends", () => {
    expect(spreadEvenly([1, 2, 3], 6)).toEqual([1, 2, 3]);
    expect(spreadEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
    expect(spreadEvenly([0, 1, 2], 1)).toEqual([0]);
  });
});
