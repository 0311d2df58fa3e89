import type { AnalysisIncident, AnalysisResult } from "@sitewatch/shared-protocol";
import type { ChatRequest } from "ollama";
import type { FaceBlurrer } from "../../../privacy/face-blurrer.js";
import { sharpOf } from "../../../vision/image/raw-image.js";
import {
  type AnalysisJobOptions,
  type AnalysisOutput,
  type AnalysisProvider,
  checkedOutput,
} from "./analysis-provider.js";
import { ollamaChat } from "./ollama-chat-client.js";
import { type SegmentFrame, segmentFrames } from "./segment-frames.js";
import { ThumbnailWriter } from "./thumbnail-writer.js";
import { parseVlmAnswer, type VlmAnswer, vlmAnswerJsonSchema } from "./vlm-answer.js";

export interface VlmSettings {
  /** Ollama's base URL, e.g. http://127.0.0.1:11434. */
  url: string;
  /** A vision model the server has pulled, e.g. qwen2.5vl:3b. */
  model: string;
  /** Per request; a small model on a CPU takes tens of seconds for a few images. */
  timeoutMs: number;
  /** Further requests after an answer that does not match the schema. */
  retries: number;
  sampleEverySeconds: number;
  /** At most this many images per request, spread evenly over the segment. */
  maxImages: number;
  /** Images are scaled to at most this width (vision encoders work at well under 1000 px). */
  imageWidth: number;
  fetch?: typeof fetch;
  /** Faces are pixelated in thumbnails (not in what the local model sees). */
  blurrer?: FaceBlurrer;
}

export const VLM_DEFAULTS = {
  timeoutMs: 180_000,
  retries: 2,
  sampleEverySeconds: 30,
  maxImages: 6,
  imageWidth: 672,
};

const SYSTEM_PROMPT = [
  "You review CCTV footage for a site's safety team. You get a few still images from one camera, in time",
  "order, each labelled with its time from the start of the recording. Count the persons in each image and",
  "report anything of concern (crowding, objects left behind, a person on the ground, fights, fire, vehicles",
  "where people walk). Answer only with JSON matching the given schema; report no incidents when nothing",
  "is of concern, and describe only what the images show.",
].join(" ");

/** Analysis by a vision-language model behind Ollama's HTTP API, for what rules cannot describe. */
export class VlmAnalysisProvider implements AnalysisProvider {
  readonly name = "vlm" as const;
  private readonly settings: VlmSettings;

  constructor(settings: Partial<VlmSettings> & Pick<VlmSettings, "url" | "model">) {
    this.settings = { ...VLM_DEFAULTS, ...settings };
  }

  async analyse(
    segmentPath: string,
    options: AnalysisJobOptions,
    signal?: AbortSignal,
  ): Promise<AnalysisOutput> {
    const s = this.settings;
    const every = options.sampleEverySeconds ?? s.sampleEverySeconds;
    const sampled: SegmentFrame[] = [];
    for await (const frame of segmentFrames(segmentPath, {
      everySeconds: every,
      maxWidth: s.imageWidth,
      signal,
    }))
      sampled.push(frame);
    const frames = spread(sampled, s.maxImages);
    if (frames.length === 0) throw new Error(`no frames could be decoded from ${segmentPath}`);
    const images = await Promise.all(
      frames.map(async (f) => (await sharpOf(f.image).jpeg({ quality: 85 }).toBuffer()).toString("base64")),
    );
    const answer = await this.ask(frames, images, signal);
    const writer = new ThumbnailWriter(s.blurrer ? { blurrer: s.blurrer } : {});
    const incidents: AnalysisIncident[] = [];
    for (const { image, ...incident } of answer.incidents) {
      // parseVlmAnswer checked that every incident names an image that was sent.
      const frame = frames[image - 1] as SegmentFrame;
      const thumbnail = await writer.add(incident.kind, frame.image);
      incidents.push({ ...incident, offsetMs: frame.offsetMs, thumbnail });
    }
    const result: AnalysisResult = {
      provider: "vlm",
      model: s.model,
      summary: answer.summary,
      personCounts: frames.map((f, i) => ({ offsetMs: f.offsetMs, count: answer.personsPerImage[i] ?? 0 })),
      // Zones are polygons; the model sees pictures only, so dwell is the built-in analyser's job.
      zones: [],
      incidents,
      safetyScore: answer.safetyScore,
      sampledFrames: frames.length,
    };
    return checkedOutput(result, writer.thumbnails);
  }

  /**
   * Asks until an answer matches the schema. A retry shows the model its last answer and what was
   * wrong with it, which small models fix far more often than they do on a plain repeat.
   */
  private async ask(frames: SegmentFrame[], images: string[], signal?: AbortSignal): Promise<VlmAnswer> {
    const { url, model, timeoutMs, retries, fetch } = this.settings;
    const times = frames.map((f, i) => `image ${i + 1} at ${(f.offsetMs / 1000).toFixed(0)} s`).join(", ");
    const messages: NonNullable<ChatRequest["messages"]> = [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: `${frames.length} images: ${times}.`, images },
    ];
    let issue = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      const response = await ollamaChat(
        { url, timeoutMs, ...(fetch ? { fetch } : {}) },
        { model, messages, format: vlmAnswerJsonSchema(), options: { temperature: 0 } },
        signal,
      );
      const text = response.message?.content ?? "";
      const parsed = parseVlmAnswer(text, frames.length);
      if ("answer" in parsed) return parsed.answer;
      issue = parsed.issue;
      messages.push(
        { role: "assistant", content: text },
        {
          role: "user",
          content: `That answer is invalid (${issue}). Answer again with JSON matching the schema.`,
        },
      );
    }
    throw new Error(`model output did not match the schema: ${issue} (${retries + 1} attempts)`);
  }
}

/** At most `max` items, evenly spread over the list, first and last included. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  if (max <= 1) return items.slice(0, max);
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))] as T);
}
