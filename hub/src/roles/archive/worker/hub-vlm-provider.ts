import {
  type AnalysisResult,
  analysisResultSchema,
  askVlm,
  type VlmSettings as SharedVlmSettings,
  spreadEvenly,
  VlmAnswerError,
  type VlmChatRequest,
  vlmResult,
} from "@sitewatch/shared-protocol";
import sharp from "sharp";
import { createOllamaClient, isAbort } from "../../attention/coaching/ollama-coach.js";
import { type HubProvider, JobFailure } from "./hub-worker.js";
import { type SampledFrame, sampleKeyframes } from "./keyframe-sampler.js";

export type HubVlmSettings = SharedVlmSettings;

export const HUB_VLM_DEFAULTS = { retries: 1, sampleEverySeconds: 30, maxImages: 6, imageWidth: 672 };

/**
 * The VLM provider of `hub worker`: the conversation, the answer's schema and its mapping into a result
 * are shared-protocol's (the edge agent's provider holds the same conversation); this side brings the
 * pictures (node-av keyframes, JPEG by sharp) and the hub's Ollama client. Incidents carry no
 * thumbnails: the thumbnail store takes uploads from devices only.
 */
export class HubVlmProvider implements HubProvider {
  readonly name = "vlm" as const;
  private readonly settings: HubVlmSettings;

  constructor(settings: Partial<HubVlmSettings> & Pick<HubVlmSettings, "url" | "model" | "timeoutMs">) {
    this.settings = { ...HUB_VLM_DEFAULTS, ...settings };
  }

  async analyse(path: string, signal: AbortSignal): Promise<AnalysisResult> {
    const s = this.settings;
    const sampled = await sampleKeyframes(path, {
      everySeconds: s.sampleEverySeconds,
      maxWidth: s.imageWidth,
      signal,
    }).catch((err: unknown) => {
      if (signal.aborted) throw signal.reason;
      // The same file would fail the same way: the cache hands out what the device uploaded.
      throw new JobFailure(`cannot read the segment's video: ${(err as Error).message}`, false);
    });
    const frames = spreadEvenly(sampled, s.maxImages);
    if (frames.length === 0) throw new JobFailure("no picture could be decoded from the segment", false);
    const offsetsMs = frames.map((f) => f.offsetMs);
    const jpegs = await Promise.all(frames.map(jpegBase64));
    const chat = (request: VlmChatRequest) => this.chat(request, signal);
    const answer = await askVlm(chat, s.model, { jpegs, offsetsMs }, s.retries).catch((err: unknown) => {
      // At temperature 0 the same pictures would get the same answer: another attempt would not help.
      throw err instanceof VlmAnswerError ? new JobFailure(err.message, false) : err;
    });
    const result = analysisResultSchema.safeParse(vlmResult({ answer, model: s.model, offsetsMs }));
    if (!result.success)
      throw new JobFailure(`analysis result does not match the protocol: ${result.error.message}`, false);
    return result.data;
  }

  /** One non-streamed `/api/chat` under the job's signal; failures say what happened, all retryable. */
  private async chat(request: VlmChatRequest, signal: AbortSignal): Promise<string> {
    const { url, timeoutMs, fetch: base = fetch } = this.settings;
    const underJob: typeof fetch = (input, init) =>
      base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    const client = createOllamaClient({ url, timeoutMs, fetch: underJob });
    try {
      const response = await client.chat({ ...request, stream: false });
      return response.message?.content ?? "";
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (isAbort(err)) throw new JobFailure(`Ollama at ${url} did not answer within ${timeoutMs} ms`, true);
      const status = (err as { status_code?: unknown }).status_code;
      if (typeof status === "number")
        throw new JobFailure(`Ollama at ${url} answered HTTP ${status}: ${(err as Error).message}`, true);
      const code = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      throw new JobFailure(`cannot reach Ollama at ${url}: ${code ?? (err as Error).message}`, true);
    }
  }
}

async function jpegBase64(frame: SampledFrame): Promise<string> {
  const raw = { width: frame.width, height: frame.height, channels: 3 as const };
  return (await sharp(frame.rgb, { raw }).jpeg({ quality: 85 }).toBuffer()).toString("base64");
}
