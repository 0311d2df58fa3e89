import { describe, expect, it } from "vitest";
import { HUB_ENV_KEYS, readDeploy, repoPathExists, yamlDocuments, yamlFiles } from "./deploy-files.js";

/** `COPY a b dest` lines that copy from the build context (not --from another stage). */
function contextSources(dockerfile: string): string[] {
  return dockerfile
    .split("\n")
    .filter((line) => /^COPY\s/.test(line) && !/--from=/.test(line))
    .flatMap((line) => line.trim().split(/\s+/).slice(1, -1));
}

/** Names set by ENV lines, including the continuation lines of a multi-line ENV. */
function envNames(dockerfile: string): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, " ");
  return joined
    .split("\n")
    .filter((line) => line.startsWith("ENV "))
    .flatMap((line) => [...line.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1] ?? ""));
}

describe.each(["hub", "edge-agent"])("deploy/docker/%s.Dockerfile", (name) => {
  const text = readDeploy(`docker/${name}.Dockerfile`);

  it("copies only paths that exist in the repository (the build context is its root)", () => {
    const sources = contextSources(text);
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter((path) => !repoPathExists(path))).toEqual([]);
  });

  it("builds on node:20-bookworm-slim, runs as the unprivileged node user, checks health or says why not", () => {
    expect(text.match(/^FROM (\S+)/gm)?.every((line) => line === "FROM node:20-bookworm-slim")).toBe(true);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/npm ci --omit=dev --ignore-scripts --workspace @sitewatch\//);
    expect(text).toContain("ONNXRUNTIME_NODE_INSTALL=skip");
  });
});

describe("image settings", () => {
  it("the hub image sets only hub settings, with the dashboard build it copies", () => {
    const text = readDeploy("docker/hub.Dockerfile");
    const names = envNames(text).filter((n) => !n.startsWith("npm_config_") && n !== "NODE_ENV");
    expect(
      names.filter((n) => !HUB_ENV_KEYS.has(n) && !["SKIP_FFMPEG", "ONNXRUNTIME_NODE_INSTALL"].includes(n)),
    ).toEqual([]);
    expect(text).toContain("DASHBOARD_DIR=/app/dashboard/dist");
    expect(text).toContain("COPY --from=build /src/dashboard/dist ./dashboard/dist");
    expect(text).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(text).toMatch(/^EXPOSE 8080/m);
  });

  it("the agent image starts once (threadpool preset) with its model cache and config volume", () => {
    const text = readDeploy("docker/edge-agent.Dockerfile");
    expect(envNames(text)).toEqual(expect.arrayContaining(["UV_THREADPOOL_SIZE", "MALLOC_ARENA_MAX"]));
    expect(text).toContain("COPY --from=build /src/edge-agent/model-cache ./edge-agent/model-cache");
    expect(text).toMatch(/^VOLUME \["\/config"\]$/m);
  });
});

describe("YAML under deploy/", () => {
  it("every file parses", () => {
    const files = yamlFiles();
    expect(files).toEqual(
      expect.arrayContaining(["compose/docker-compose.yml", "kubernetes/kustomization.yaml"]),
    );
    for (const file of files) expect(() => yamlDocuments(file), file).not.toThrow();
  });
});
