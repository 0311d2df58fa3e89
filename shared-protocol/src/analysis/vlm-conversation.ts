import { parseVlmAnswer, type VlmAnswer, vlmAnswerJsonSchema } from "./vlm-answer.js";

/**
 * The conversation with a vision-language model about one segment, as both VLM providers (the edge
 * agent's and `hub worker`'s) hold it; each brings its own frames and its own HTTP client.
 */

export const VLM_SYSTEM_PROMPT = [
  "You review CCTV footage for a site's safety team. You get a few still images from one camera, in time",
  "order, each labelled with its time from the start of the recording. Count the persons in each image and",
  "report anything of concern (crowding, objects left behind, a person on the ground, fights, fire, vehicles",
  "where people walk). Answer only with JSON matching the given schema; report no incidents when nothing",
  "is of concern, and describe only what the images show.",
].join(" ");

/** One message of Ollama's `/api/chat`; `images` are base64 JPEGs. */
export interface VlmMessage {
  role: "system" | "user" | "assistant";
  content: string;
  images?: string[];
}

/** The body of one non-streamed `/api/chat` request (the `ollama` client's ChatRequest accepts it). */
export interface VlmChatRequest {
  model: string;
  messages: VlmMessage[];
  /** The answer's JSON schema: Ollama constrains decoding to it. */
  format: Record<string, unknown>;
  options: { temperature: number };
}

/** How a provider asks a vision model about one segment, the same at the edge and in a hub worker. */
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
}

/** Sends one request and answers the assistant's text; throws when the server fails. */
export type VlmChat = (request: VlmChatRequest) => Promise<string>;

/** The model kept answering outside the schema: the same images would most likely get the same answer. */
export class VlmAnswerError extends Error {
  override name = "VlmAnswerError";
}

/** The images of one request: base64 JPEGs and where each lies in the segment. */
export interface VlmImages {
  jpegs: readonly string[];
  offsetsMs: readonly number[];
}

/**
 * Asks until an answer matches the schema, at most `retries` more times. A retry shows the model its
 * last answer and what was wrong with it, which small models fix far more often than a plain repeat.
 * Temperature 0: the answer should describe the images, not vary between runs.
 */
export async function askVlm(
  chat: VlmChat,
  model: string,
  images: VlmImages,
  retries: number,
): Promise<VlmAnswer> {
  const { jpegs, offsetsMs } = images;
  const times = offsetsMs.map((ms, i) => `image ${i + 1} at ${(ms / 1000).toFixed(0)} s`).join(", ");
  const messages: VlmMessage[] = [
    { role: "system", content: VLM_SYSTEM_PROMPT },
    { role: "user", content: `${jpegs.length} images: ${times}.`, images: [...jpegs] },
  ];
  let issue = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    const text = await chat({ model, messages, format: vlmAnswerJsonSchema(), options: { temperature: 0 } });
    const parsed = parseVlmAnswer(text, jpegs.length);
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
  throw new VlmAnswerError(`model output did not match the schema: ${issue} (${retries + 1} attempts)`);
}

/** At most `max` items, evenly spread over the list, first and last included. */
export function spreadEvenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max <= 1) return items.slice(0, max);
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))] as T);
}
