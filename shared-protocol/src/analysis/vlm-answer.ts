import { z } from "zod";
import type { AnalysisIncident, AnalysisResult } from "../messages/analysis-jobs.js";

/**
 * What a vision-language model is asked to answer about a few images of one segment (the edge agent's
 * and `hub worker`'s VLM providers share it): small, so that small local models keep to it. Images are
 * numbered from 1 in the order sent; the JSON schema of this goes to Ollama as `format` (constrained
 * decoding), and the answer is still validated since not every model or server honours the schema.
 */
export const vlmAnswerSchema = z.object({
  summary: z.string().min(1).max(1000).describe("What happens in the images, in two or three sentences"),
  safetyScore: z.number().int().min(0).max(100).describe("100 = nothing of concern, 0 = an emergency"),
  personsPerImage: z.array(z.number().int().min(0).max(1000)).describe("Persons visible in each image"),
  incidents: z
    .array(
      z.object({
        image: z.number().int().min(1).describe("Number of the image showing it"),
        kind: z
          .string()
          .regex(/^[a-z_]{1,48}$/)
          .describe("e.g. crowding, object_left, person_down, fight, fire, vehicle_on_walkway"),
        severity: z.enum(["info", "warning", "critical"]),
        description: z.string().min(1).max(300),
      }),
    )
    .max(20),
});
export type VlmAnswer = z.infer<typeof vlmAnswerSchema>;

/** The schema for Ollama's `format`, without the `$schema` marker some servers reject. */
export function vlmAnswerJsonSchema(): Record<string, unknown> {
  const { $schema: _marker, ...schema } = z.toJSONSchema(vlmAnswerSchema);
  return schema;
}

/**
 * The model's text as an answer, or why it is not one. Beyond the schema the answer must fit the
 * images actually sent (one count per image, incidents on existing images).
 */
export function parseVlmAnswer(text: string, imageCount: number): { answer: VlmAnswer } | { issue: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { issue: `not JSON (${(err as Error).message})` };
  }
  const parsed = vlmAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { issue: issues.slice(0, 5).join("; ") };
  }
  const answer = parsed.data;
  if (answer.personsPerImage.length !== imageCount)
    return { issue: `personsPerImage has ${answer.personsPerImage.length} entries for ${imageCount} images` };
  const stray = answer.incidents.find((i) => i.image > imageCount);
  if (stray) return { issue: `incident on image ${stray.image}, but only ${imageCount} images were sent` };
  return { answer };
}

export interface VlmResultInput {
  /** An answer `parseVlmAnswer` accepted for these images. */
  answer: VlmAnswer;
  model: string;
  /** Where each image sent lies in the segment, in the order sent. */
  offsetsMs: readonly number[];
  /** A stored thumbnail's name per incident, in the answer's order (none where undefined). */
  thumbnails?: readonly (string | undefined)[];
}

/** The protocol's analysis result of a model's answer: image numbers become times in the segment. */
export function vlmResult({ answer, model, offsetsMs, thumbnails = [] }: VlmResultInput): AnalysisResult {
  const incidents = answer.incidents.map(({ image, ...incident }, i): AnalysisIncident => {
    const thumbnail = thumbnails[i];
    return { ...incident, offsetMs: offsetsMs[image - 1] ?? 0, ...(thumbnail ? { thumbnail } : {}) };
  });
  return {
    provider: "vlm",
    model,
    summary: answer.summary,
    personCounts: offsetsMs.map((offsetMs, i) => ({ offsetMs, count: answer.personsPerImage[i] ?? 0 })),
    // Zones are polygons; the model sees pictures only, so dwell is the built-in analyser's job.
    zones: [],
    incidents,
    safetyScore: answer.safetyScore,
    sampledFrames: offsetsMs.length,
  };
}
