import { type AnalysisProvider, analysisProviders } from "@sitewatch/shared-protocol";
import { z } from "zod";

/**
 * The settings of analysis at the hub: which providers' jobs `hub worker` runs instead of the recording
 * device, and how that process reaches the hub's REST API (for the video) and a vision-language model.
 * Kept beside config-env.ts, whose schema spreads these fields in and runs the check below.
 */
export const hubWorkerEnv = {
  ANALYSIS_HUB_PROVIDERS: z
    .string()
    .transform((v) => [...new Set(v.split(",").map((s) => s.trim()))].filter(Boolean))
    .pipe(z.array(z.enum(analysisProviders)))
    .default([])
    .describe("Providers (of ANALYSIS_PROVIDERS) whose jobs `hub worker` runs at the hub; only vlm can"),
  HUB_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("The hub's REST API as `hub worker` reaches it; default http://127.0.0.1:<HUB_HTTP_PORT>"),
  HUB_WORKER_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe(
      "An admin's API token (POST /api/v1/tokens) with which `hub worker` fetches segments to analyse",
    ),
  ANALYSIS_VLM_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("Ollama server for `hub worker`'s vision-language model; default OLLAMA_URL"),
  ANALYSIS_VLM_MODEL: z.string().min(1).default("qwen2.5vl:3b").describe("Vision model on that server"),
  ANALYSIS_VLM_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(120_000),
};

type AnalysisPlaces = { ANALYSIS_PROVIDERS: AnalysisProvider[]; ANALYSIS_HUB_PROVIDERS: AnalysisProvider[] };

/**
 * Only the VLM provider may run at the hub: the built-in analyser needs the agent's person detector
 * (and the segment stays on the device), so it is refused here rather than left pending forever.
 */
export function checkAnalysisPlaces(e: AnalysisPlaces, ctx: z.RefinementCtx): void {
  const path = ["ANALYSIS_HUB_PROVIDERS"];
  if (e.ANALYSIS_HUB_PROVIDERS.includes("builtin")) {
    const message =
      "builtin cannot run at the hub: the built-in analyser needs the edge agent's person detector, so its jobs stay on the recording device (only vlm may be listed)";
    ctx.addIssue({ code: "custom", path, message });
  }
  const missing = e.ANALYSIS_HUB_PROVIDERS.filter((p) => !e.ANALYSIS_PROVIDERS.includes(p));
  if (missing.length > 0) {
    const message = `${missing.join(", ")} must also be in ANALYSIS_PROVIDERS (${e.ANALYSIS_PROVIDERS.join(",")}): only configured providers get jobs`;
    ctx.addIssue({ code: "custom", path, message });
  }
}

/** What `hub worker` needs beyond the database (roles/archive/worker/). */
export interface HubWorkerSettings {
  /** The hub's REST API, without a trailing slash. */
  hubUrl: string;
  /** An admin's API token; the worker refuses to start without it. */
  token?: string;
  /** Ollama for the VLM provider; no URL: the worker refuses to run vlm jobs. */
  vlm: { url?: string; model: string; timeoutMs: number };
}

type WorkerEnv = z.infer<z.ZodObject<typeof hubWorkerEnv>> & {
  HUB_HTTP_PORT: number;
  TLS_CERT_FILE?: string;
  OLLAMA_URL?: string;
};

export function hubWorkerSettings(e: WorkerEnv): HubWorkerSettings {
  const own = `${e.TLS_CERT_FILE ? "https" : "http"}://127.0.0.1:${e.HUB_HTTP_PORT}`;
  return {
    hubUrl: (e.HUB_URL ?? own).replace(/\/+$/, ""),
    token: e.HUB_WORKER_TOKEN,
    vlm: {
      url: e.ANALYSIS_VLM_URL ?? e.OLLAMA_URL,
      model: e.ANALYSIS_VLM_MODEL,
      timeoutMs: e.ANALYSIS_VLM_TIMEOUT_MS,
    },
  };
}
