import { readFileSync } from "node:fs";
import { z } from "zod";

// Docker and Kubernetes hand secrets over as files (/run/secrets/…), which keeps them out of
// `docker inspect`, process listings and crash dumps that show the environment. Every secret setting
// X therefore also has X_FILE: the hub reads X from that file once, before the environment is validated,
// so the rest of the hub never knows where a secret came from.

/** The settings that hold a password, secret or token; add a new one here and it gets its _FILE twin. */
export const SECRET_SETTINGS = [
  "DATABASE_URL",
  "MQTT_PASSWORD",
  "JWT_SECRET",
  "HUB_WORKER_TOKEN",
  "HUB_INTEGRATOR_PASSWORD",
] as const;

const fileSetting = (name: string) =>
  z.string().optional().describe(`File holding ${name} (e.g. a Docker secret); not with ${name}`);

/** The `X_FILE` settings, spread into the hub's environment schema so they are known settings. */
export const secretFileEnv = {
  DATABASE_URL_FILE: fileSetting("DATABASE_URL"),
  MQTT_PASSWORD_FILE: fileSetting("MQTT_PASSWORD"),
  JWT_SECRET_FILE: fileSetting("JWT_SECRET"),
  HUB_WORKER_TOKEN_FILE: fileSetting("HUB_WORKER_TOKEN"),
  HUB_INTEGRATOR_PASSWORD_FILE: fileSetting("HUB_INTEGRATOR_PASSWORD"),
} satisfies Record<`${(typeof SECRET_SETTINGS)[number]}_FILE`, z.ZodType>;

type Env = Readonly<Record<string, string | undefined>>;

export interface SecretFilesResult {
  /** The environment with every `X` set from its `X_FILE`. */
  env: Record<string, string | undefined>;
  /** One line per problem, as `X_FILE: why`; empty when every file was read. */
  problems: string[];
}

/**
 * Reads each `X_FILE` into `X`, with the file's trailing newline (which `echo` and most editors add)
 * trimmed. Setting both X and X_FILE is a problem rather than a precedence rule: one of them is stale.
 */
export function readSecretFiles(
  env: Env,
  read: (path: string) => string = (path) => readFileSync(path, "utf8"),
): SecretFilesResult {
  const out: Record<string, string | undefined> = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === "") continue;
    if (env[name] !== undefined && env[name] !== "") {
      problems.push(`${name}_FILE: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    let text: string;
    try {
      text = read(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      problems.push(`${name}_FILE: cannot read ${file} (${code})`);
      continue;
    }
    const value = text.replace(/\r?\n$/, "");
    if (value === "") problems.push(`${name}_FILE: ${file} is empty`);
    else out[name] = value;
  }
  return { env: out, problems };
}
