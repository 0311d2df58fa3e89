import "../../../polyfills.js";
import { analysisResultSchema } from "@sitewatch/shared-protocol";
import { eventually, h264TestClip, OllamaStandIn } from "@sitewatch/testkit";
import sharp from "sharp";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hasMedia } from "../../../media.test-support.js";
import { VlmAnalysisProvider, type VlmSettings } from "./vlm-provider.js";

const MODEL = "qwen2.5vl:3b";
const good = {
  summary: "Pedestrians cross a plaza; nothing unusual.",
  safetyScore: 85,
  personsPerImage: [5, 7, 6],
  incidents: [{ image: 2, kind: "crowding", severity: "warning", description: "a group blocks the road" }],
};

describe.skipIf(!hasMedia)("VLM provider against a loopback Ollama", () => {
  let clip: string;
  let ollama: OllamaStandIn;
  // 79.5 s sampled every 20 s: frames at 0, 20, 40 and 60 s, of which 0, 40 and 60 s are sent.
  const provider = (more: Partial<VlmSettings> = {}) =>
    new VlmAnalysisProvider({ url: ollama.url, model: MODEL, sampleEverySeconds: 20, maxImages: 3, ...more });
  const analyse = (p = provider(), signal?: AbortSignal) => p.analyse(clip, {}, signal);

  beforeAll(() => {
    clip = h264TestClip();
  });
  beforeEach(async () => {
    ollama = await new OllamaStandIn([MODEL]).start();
  });
  afterEach(async () => {
    await ollama.stop();
  });

  it("sends sampled frames with the answer's schema and maps a good answer into a result", async () => {
    ollama.behaviour.replies = [JSON.stringify(good)];
    const { result, thumbnails } = await analyse();
    expect(ollama.chats).toHaveLength(1);
    const { body } = ollama.chats[0] ?? {};
    expect(body).toMatchObject({ model: MODEL, stream: false, options: { temperature: 0 } });
    expect(body.format).toMatchObject({ type: "object", required: expect.arrayContaining(["summary"]) });
    const user = body.messages.find((m: { role: string }) => m.role === "user");
    expect(user.content).toContain("image 2 at 40 s");
    expect(user.images).toHaveLength(3);
    const sent = await sharp(Buffer.from(user.images[0], "base64")).metadata();
    expect(sent).toMatchObject({ format: "jpeg", width: 672, height: 504 });

    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result).toMatchObject({ provider: "vlm", model: MODEL, summary: good.summary, safetyScore: 85 });
    expect(result).toMatchObject({ sampledFrames: 3, zones: [] });
    expect(result.personCounts).toEqual([
      { offsetMs: 0, count: 5 },
      { offsetMs: 40_000, count: 7 },
      { offsetMs: 60_000, count: 6 },
    ]);
    expect(result.incidents).toEqual([
      {
        offsetMs: 40_000,
        kind: "crowding",
        severity: "warning",
        description: "a group blocks the road",
        thumbnail: "001-crowding.jpg",
      },
    ]);
    expect((await sharp(thumbnails[0]?.jpeg).metadata()).format).toBe("jpeg");
  });

  it("retries malformed output, showing the model what was wrong", async () => {
    ollama.behaviour.replies = ["Sure! Here is the JSON you asked for:", JSON.stringify(good)];
    const { result } = await analyse();
    expect(result.summary).toBe(good.summary);
    expect(ollama.chats).toHaveLength(2);
    const retry = ollama.chats[1]?.body.messages.slice(-2);
    expect(retry[0]).toEqual({ role: "assistant", content: "Sure! Here is the JSON you asked for:" });
    expect(retry[1].content).toMatch(/invalid \(not JSON/);
  });

  it("fails with the reason when the output never matches the schema", async () => {
    // Valid JSON of the wrong shape, and an answer that does not fit the images sent.
    ollama.behaviour.replies = [JSON.stringify({ ...good, safetyScore: "high" })];
    await expect(analyse()).rejects.toThrow(
      /^model output did not match the schema: safetyScore: .* \(3 attempts\)$/,
    );
    expect(ollama.chats).toHaveLength(3);
    ollama.behaviour.replies = [JSON.stringify({ ...good, personsPerImage: [1, 2] })];
    await expect(analyse(provider({ retries: 0 }))).rejects.toThrow(
      "model output did not match the schema: personsPerImage has 2 entries for 3 images (1 attempts)",
    );
  });

  it("gives up on a slow server after the timeout and closes the request", async () => {
    ollama.behaviour.delayMs = 5_000;
    const started = Date.now();
    await expect(analyse(provider({ timeoutMs: 400 }))).rejects.toThrow(
      `Ollama at ${ollama.url} did not answer within 400 ms`,
    );
    expect(Date.now() - started).toBeLessThan(4_000);
    await eventually("the stand-in to see the request closed", () => ollama.chats[0]?.aborted, 3_000);
  });

  it("ends with the job's own reason when the job is cancelled mid-request", async () => {
    ollama.behaviour.delayMs = 5_000;
    const cancel = new AbortController();
    const run = analyse(provider(), cancel.signal);
    await eventually("the request to arrive", () => ollama.chats.length === 1, 10_000);
    cancel.abort(new Error("lease lost"));
    await expect(run).rejects.toThrow("lease lost");
  });

  it("says when the server is down or lacks the model", async () => {
    const url = ollama.url;
    await expect(analyse(provider({ model: "llava:7b" }))).rejects.toThrow(
      `Ollama at ${url} answered HTTP 404: model "llava:7b" not found`,
    );
    await ollama.stop();
    const down = new VlmAnalysisProvider({ url, model: MODEL, sampleEverySeconds: 20, maxImages: 3 });
    await expect(analyse(down)).rejects.toThrow(`cannot reach Ollama at ${url}: ECONNREFUSED`);
    ollama = await new OllamaStandIn([MODEL]).start();
  });
});
