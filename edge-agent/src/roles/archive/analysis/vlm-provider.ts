import {
  askVlm,
  type VlmSettings as SharedVlmSettings,
  spreadEvenly,
  type VlmChat,
  vlmResult,
} from "@sitewatch/shared-protocol";
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

export interface VlmSettings extends SharedVlmSettings {
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
    const frames = spreadEvenly(sampled, s.maxImages);
    if (frames.length === 0) throw new Error(`no frames could be decoded from ${segmentPath}`);
    const offsetsMs = frames.map((f) => f.offsetMs);
    const images = await Promise.all(
      frames.map(async (f) => (await sharpOf(f.image).jpeg({ quality: 85 }).toBuffer()).toString("base64")),
    );
    const answer = await askVlm(this.chat(signal), s.model, { jpegs: images, offsetsMs }, s.retries);
    const writer = new ThumbnailWriter(s.blurrer ? { blurrer: s.blurrer } : {});
    const thumbnails: string[] = [];
    // askVlm checked that every incident names an image that was sent.
    for (const { image, kind } of answer.incidents)
      thumbnails.push(await writer.add(kind, (frames[image - 1] as SegmentFrame).image));
    return checkedOutput(vlmResult({ answer, model: s.model, offsetsMs, thumbnails }), writer.thumbnails);
  }

  /** One request to Ollama per call, under the job's signal. */
  private chat(signal?: AbortSignal): VlmChat {
    const { url, timeoutMs, fetch } = this.settings;
    return async (request) => {
      const options = { url, timeoutMs, ...(fetch ? { fetch } : {}) };
      const response = await ollamaChat(options, request, signal);
      return response.message?.content ?? "";
    };
  }
}
