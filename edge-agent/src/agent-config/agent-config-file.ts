import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { z } from "zod";
import {
  type AgentConfig,
  type AgentConfigInput,
  agentConfigSchema,
  type Credentials,
  credentialsSchema,
} from "./agent-config-schema.js";
import {
  CameraSecretError,
  resolveCameraSecrets,
  type SecretSources,
  stripCameraSecrets,
} from "./camera-secrets.js";
import { CommentedJsonError, parseCommentedJson, renderCommentedJson } from "./commented-json.js";
import { CONFIG_COMMENTS, CONFIG_HEADER } from "./config-comments.js";

/** File name used when neither --config nor SITEWATCH_AGENT_CONFIG says otherwise. */
export const DEFAULT_CONFIG_FILE = "sitewatch-agent.json";

/** --config, else $SITEWATCH_AGENT_CONFIG, else ./sitewatch-agent.json in the working directory. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SITEWATCH_AGENT_CONFIG || DEFAULT_CONFIG_FILE);
}

/**
 * node-av's blocking RTSP reads, FFmpeg decodes and onnxruntime all run on libuv's threadpool, which
 * has 4 threads unless UV_THREADPOOL_SIZE says otherwise — and it must be set before the process
 * starts. With more than a couple of cameras the pipelines then fall behind the live stream (the
 * 16-camera bench lost 2 s per 30 s). Those ~24 threads all allocate frames and packets, and glibc gives
 * busy threads their own malloc arenas (up to 8 per core), each keeping freed memory: MALLOC_ARENA_MAX=2
 * cut the 16-camera bench's RSS peak by ~60 MB (needed for its < 500 MB target), for ~5 % of one core more
 * in A/B runs (threads now share arenas and their locks). Returns the environment `run`
 * must restart itself with, or undefined when both are already set (by this restart or by the operator);
 * an operator's own values are kept.
 */
export function threadpoolRestartEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv | undefined {
  if (env.UV_THREADPOOL_SIZE !== undefined && env.MALLOC_ARENA_MAX !== undefined) return undefined;
  return {
    ...env,
    UV_THREADPOOL_SIZE: env.UV_THREADPOOL_SIZE ?? "24",
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2",
  };
}

/** What systemd tells a `Type=notify` service through its environment (see systemd.service(5)). */
export interface ServiceManagerEnv {
  /** Where readiness, status and watchdog pings go; unset when not run by systemd. */
  notifySocket?: string;
  /** The unit's WatchdogSec in microseconds, when set. */
  watchdogUsec?: number;
}

export function serviceManagerEnv(env: NodeJS.ProcessEnv = process.env): ServiceManagerEnv {
  const usec = Number(env.WATCHDOG_USEC);
  return {
    notifySocket: env.NOTIFY_SOCKET || undefined,
    watchdogUsec: Number.isFinite(usec) && usec > 0 ? usec : undefined,
  };
}

/** A config or credentials file that is missing, unreadable or invalid; the message is one line. */
export class AgentConfigError extends Error {}

/** `cameras[1].intervalMs: must be ≥ 200`, one problem per entry. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join("");
    return `${path || "(file)"}: ${issueMessage(issue)}`;
  });
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "array") return `needs at least ${issue.minimum} entries`;
      if (issue.origin === "string")
        return issue.minimum === 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`;
      return `must be ${issue.inclusive === false ? ">" : "≥"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array") return `allows at most ${issue.maximum} entries`;
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      return `must be ${issue.inclusive === false ? "<" : "≤"} ${issue.maximum}`;
    case "invalid_type":
      return `must be ${issue.expected === "int" ? "a whole number" : `a ${issue.expected}`}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown setting${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    default:
      return issue.message;
  }
}

/** Validates a config value; throws AgentConfigError naming `where` and every problem. */
export function validateAgentConfig(value: unknown, where = "config"): AgentConfig {
  const parsed = agentConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AgentConfigError(`${where}: ${describeIssues(parsed.error.issues).join("; ")}`);
}

/**
 * Reads, validates and resolves the config: camera passwords given by `passwordEnv` come from `env`
 * (the entry point's environment) and `passwordFile` from files, once, here (camera-secrets.ts).
 */
export async function loadAgentConfig(
  path: string = defaultConfigPath(),
  env: SecretSources["env"] = process.env,
): Promise<AgentConfig> {
  const valid = await readAgentConfig(path);
  try {
    return await resolveCameraSecrets(valid, { env, baseDir: dirname(resolve(path)) });
  } catch (err) {
    if (err instanceof CameraSecretError) throw new AgentConfigError(`${path}: ${err.message}`);
    throw err;
  }
}

/**
 * The config as the file has it, camera passwords unresolved: for the commands that only look at the
 * device (status, seats), which must work where the service's secrets are not set, e.g. in an
 * installer's shell.
 */
export async function readAgentConfig(path: string = defaultConfigPath()): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AgentConfigError(
      code === "ENOENT"
        ? `${path}: no such file (run \`edge-agent init\` first)`
        : `${path}: cannot read (${code ?? err})`,
    );
  }
  let raw: unknown;
  try {
    raw = parseCommentedJson(text);
  } catch (err) {
    if (err instanceof CommentedJsonError)
      throw new AgentConfigError(`${path}:${err.line}:${err.column}: ${err.problem}`);
    throw err;
  }
  return validateAgentConfig(raw, path);
}

/**
 * Validates, then writes atomically (temp file + rename) so a crash never leaves half a config. A
 * camera's password resolved from passwordEnv/passwordFile stays out of the file; the returned config
 * keeps it, as the running agent needs it.
 */
export async function saveAgentConfig(path: string, config: AgentConfigInput): Promise<AgentConfig> {
  const valid = validateAgentConfig(config, path);
  await mkdir(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, renderCommentedJson(stripCameraSecrets(valid), CONFIG_COMMENTS, CONFIG_HEADER));
  await rename(tmp, path);
  return valid;
}

/** A path from the config, resolved against the config file's folder when relative. */
export function configRelative(configPath: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(resolve(configPath)), path);
}

export const credentialsPath = (configPath: string, config: AgentConfig): string =>
  configRelative(configPath, config.device.credentialsFile);
export const dataDirPath = (configPath: string, config: AgentConfig): string =>
  configRelative(configPath, config.dataDir);

/** Writes the MQTT credentials readable by the owner only; chmod also fixes an existing file's mode. */
export async function saveCredentials(path: string, credentials: Credentials): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFile(path, `${JSON.stringify(credentialsSchema.parse(credentials), null, 2)}\n`, {
    mode: 0o600,
  });
  await chmod(path, 0o600);
}

export async function loadCredentials(path: string): Promise<Credentials> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AgentConfigError(
      code === "ENOENT"
        ? `${path}: no such file (run \`edge-agent init\`)`
        : `${path}: ${(err as Error).message}`,
    );
  }
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success)
    throw new AgentConfigError(`${path}: ${describeIssues(parsed.error.issues).join("; ")}`);
  return parsed.data;
}

/** Permission bits that let anyone but the owner read or write the credentials (0 = fine). */
export async function credentialsExposure(path: string): Promise<number> {
  return (await stat(path)).mode & 0o077;
}
