import { createRequire } from "node:module";

/**
 * The agent's version, e.g. "0.1.0": the product version, which every workspace's package.json carries
 * (deploy/src/release/package-versions.test.ts keeps them equal to the root's). Read from the agent's
 * own package.json because that file travels with edge-agent/dist (the Docker image copies it beside
 * dist/); it sits one level above both src/ and dist/, so this works from the sources and from a build.
 */
export function productVersion(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}
