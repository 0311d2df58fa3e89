import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The artefacts are checked against exactly the schema the hub validates its environment with.
import { hubEnvSchema } from "@sitewatch/hub/config";
import { parseAllDocuments } from "yaml";

/** Test helpers for the deployment artefacts: paths, parsed YAML and the hub's setting names. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEPLOY_DIR = join(REPO_ROOT, "deploy");

/** Every environment variable the hub reads (hub/src/config.ts). */
export const HUB_ENV_KEYS: ReadonlySet<string> = new Set(Object.keys(hubEnvSchema.shape));

export const readDeploy = (path: string): string => readFileSync(join(DEPLOY_DIR, path), "utf8");

/** Every YAML document of a file, as plain data; throws on the first syntax error. */
export function yamlDocuments(path: string): unknown[] {
  // merge: Compose files use YAML 1.1 merge keys (<<: *anchor), which YAML 1.2 parsers leave alone by default.
  return parseAllDocuments(readDeploy(path), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join("; ")}`);
    return doc.toJS({ maxAliasCount: 100 });
  });
}

/** YAML files below deploy/ (relative paths), skipping node_modules. */
export function yamlFiles(dir = DEPLOY_DIR, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules") return [];
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return yamlFiles(join(dir, entry.name), rel);
    return /\.ya?ml$/.test(entry.name) ? [rel] : [];
  });
}

/** KEY=value lines of a dotenv-style file, comments and blanks skipped. */
export function envFileKeys(path: string): string[] {
  return readDeploy(path)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^([A-Z][A-Z0-9_]*)=/.exec(line);
      if (!match?.[1]) throw new Error(`${path}: not a KEY=value line: ${line}`);
      return match[1];
    });
}

/** Names used as ${NAME}, ${NAME:-default} or ${NAME:?message} (Compose interpolation). */
export function interpolatedNames(text: string): string[] {
  return [...text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}/g)].map((m) => m[1] ?? "");
}

/** Names of variables that are not hub settings. */
export const unknownHubKeys = (keys: Iterable<string>): string[] =>
  [...keys].filter((key) => !HUB_ENV_KEYS.has(key));

export const repoPathExists = (path: string): boolean => existsSync(join(REPO_ROOT, path));
