import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../config.js";
import { workerSetup } from "./hub-worker-command.js";

const PG = "postgres://hub@db.example:5432/sitewatch";
const flags = { concurrency: 1, leaseSeconds: 60 };
const ready = {
  DATABASE_URL: PG,
  ANALYSIS_PROVIDERS: "builtin,vlm",
  ANALYSIS_HUB_PROVIDERS: "vlm",
  HUB_WORKER_TOKEN: "swt_secret",
  OLLAMA_URL: "http://ollama.lan:11434",
};
const problems = (env: Record<string, string>, more = flags) => {
  try {
    workerSetup(loadConfig(env), more);
    return "";
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
};

describe("analysis at the hub: settings", () => {
  it("runs nothing at the hub by default, and reaches the hub and Ollama on this machine", () => {
    const config = loadConfig({ HUB_HTTP_PORT: "9090" });
    expect(config.ingest.analysisHubProviders).toEqual([]);
    expect(config.hubWorker).toEqual({
      hubUrl: "http://127.0.0.1:9090",
      token: undefined,
      vlm: { url: undefined, model: "qwen2.5vl:3b", timeoutMs: 120_000 },
    });
    const set = loadConfig({ ...ready, HUB_URL: "https://hub.example/", ANALYSIS_VLM_MODEL: "llava:7b" });
    expect(set.ingest.analysisHubProviders).toEqual(["vlm"]);
    expect(set.hubWorker).toMatchObject({ hubUrl: "https://hub.example", token: "swt_secret" });
    expect(set.hubWorker?.vlm).toMatchObject({ url: "http://ollama.lan:11434", model: "llava:7b" });
    const own = loadConfig({ ...ready, ANALYSIS_VLM_URL: "http://gpu.lan:11434" });
    expect(own.hubWorker?.vlm.url).toBe("http://gpu.lan:11434");
  });

  it("refuses builtin at the hub and providers that get no jobs", () => {
    expect(() => loadConfig({ ...ready, ANALYSIS_HUB_PROVIDERS: "builtin" })).toThrow(
      /ANALYSIS_HUB_PROVIDERS: builtin cannot run at the hub: the built-in analyser needs the edge agent's person detector/,
    );
    expect(() => loadConfig({ ANALYSIS_PROVIDERS: "builtin", ANALYSIS_HUB_PROVIDERS: "vlm" })).toThrow(
      "ANALYSIS_HUB_PROVIDERS: vlm must also be in ANALYSIS_PROVIDERS (builtin)",
    );
    expect(() => loadConfig({ ...ready, ANALYSIS_HUB_PROVIDERS: "gpt" })).toThrow(/ANALYSIS_HUB_PROVIDERS/);
  });

  it("starts the worker only with PostgreSQL, a token, providers and their model server", () => {
    expect(workerSetup(loadConfig(ready), flags)).toMatchObject({
      url: PG,
      token: "swt_secret",
      providers: ["vlm"],
    });
    const { DATABASE_URL: _db, HUB_WORKER_TOKEN: _token, OLLAMA_URL: _ollama, ...bare } = ready;
    const all = problems(bare);
    expect(all).toContain(
      "hub worker needs PostgreSQL (DATABASE_URL): the embedded PGlite is one process's database",
    );
    expect(all).toContain("HUB_WORKER_TOKEN is not set");
    expect(all).toContain("POST /api/v1/tokens");
    expect(all).toContain("ANALYSIS_HUB_PROVIDERS lists vlm, but no Ollama server is set");
    expect(problems({ ...ready, ANALYSIS_HUB_PROVIDERS: "" })).toContain("ANALYSIS_HUB_PROVIDERS is empty");
    expect(problems(ready, { concurrency: 0, leaseSeconds: 2 })).toMatch(
      /--concurrency must be .* not 0\n.*--lease-seconds must be .* not 2/,
    );
    expect(problems(ready, { concurrency: Number.NaN, leaseSeconds: 60 })).toContain("not NaN");
  });
});
