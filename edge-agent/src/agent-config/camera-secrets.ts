import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { AgentCamera, AgentConfig } from "./agent-config-schema.js";

// A camera's RTSP password may live outside the config file, so the file can be shared, diffed and
// pushed around without it: `passwordEnv` names an environment variable, `passwordFile` a file (a
// Docker or Kubernetes secret), and the URL carries only the user (rtsp://user@host/path). The loader
// resolves them once into the in-memory URL the pipelines open; saving takes the password out again,
// so the agent never writes it back into the file.

/** Where secrets come from; the entry point hands over its environment, nothing here reads process.env. */
export interface SecretSources {
  env: Readonly<Record<string, string | undefined>>;
  /** Relative `passwordFile` paths are resolved against this folder (the config file's). */
  baseDir: string;
}

/** A camera whose password cannot be resolved; the message names the camera and the setting. */
export class CameraSecretError extends Error {}

// scheme, user, optional ":password", "@" — only RTSP URLs carry credentials the agent can fill in.
const RTSP_USERINFO = /^(rtsps?:\/\/)([^/@:]+)(:[^/@]*)?@/i;

type Stream = Pick<AgentCamera, "url" | "passwordEnv" | "passwordFile">;

const hasSecretRef = (camera: Stream): boolean =>
  camera.passwordEnv !== undefined || camera.passwordFile !== undefined;

/** The config with every `passwordEnv`/`passwordFile` camera's password put into its URL. */
export async function resolveCameraSecrets(
  config: AgentConfig,
  sources: SecretSources,
): Promise<AgentConfig> {
  const cameras = await Promise.all(
    config.cameras.map(async (camera, i) => {
      if (!hasSecretRef(camera)) return camera;
      const where = `cameras[${i}] (${camera.id})`;
      const setting = camera.passwordEnv !== undefined ? "passwordEnv" : "passwordFile";
      if (camera.passwordEnv !== undefined && camera.passwordFile !== undefined)
        throw new CameraSecretError(`${where}: set passwordEnv or passwordFile, not both`);
      const userinfo = RTSP_USERINFO.exec(camera.url);
      if (!userinfo)
        throw new CameraSecretError(
          `${where}.url: must be rtsp://user@host/… (or rtsps://) to take its password from ${setting}`,
        );
      if (userinfo[3] !== undefined)
        throw new CameraSecretError(`${where}.url: has a password and ${setting} gives one too; keep one`);
      const password = await readPassword(camera, where, sources);
      return { ...camera, url: withPassword(camera.url, password) };
    }),
  );
  return { ...config, cameras };
}

async function readPassword(camera: Stream, where: string, sources: SecretSources): Promise<string> {
  if (camera.passwordEnv !== undefined) {
    const value = sources.env[camera.passwordEnv];
    if (!value)
      throw new CameraSecretError(`${where}.passwordEnv: ${camera.passwordEnv} is not set or empty`);
    return value;
  }
  const file = camera.passwordFile ?? "";
  const path = isAbsolute(file) ? file : join(sources.baseDir, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new CameraSecretError(`${where}.passwordFile: cannot read ${path} (${code})`);
  }
  // Secrets files usually end with a newline that is not part of the password.
  const password = text.replace(/\r?\n$/, "");
  if (!password) throw new CameraSecretError(`${where}.passwordFile: ${path} is empty`);
  return password;
}

/** `rtsp://user@host/…` with the password filled in, percent-encoded so `@`, `:` and `/` are safe. */
export function withPassword(url: string, password: string): string {
  return url.replace(RTSP_USERINFO, (_all, scheme: string, user: string) => {
    return `${scheme}${user}:${encodeURIComponent(password)}@`;
  });
}

/** The config as it goes back to the file: no password in the URL of a camera that gets it elsewhere. */
export function stripCameraSecrets(config: AgentConfig): AgentConfig {
  const cameras = config.cameras.map((camera) =>
    hasSecretRef(camera)
      ? { ...camera, url: camera.url.replace(RTSP_USERINFO, (_all, s: string, u: string) => `${s}${u}@`) }
      : camera,
  );
  return { ...config, cameras };
}

/**
 * A camera's stream settings after a config push. Without a pushed URL the device keeps its own (with
 * its resolved password). A pushed URL with a user and no password keeps the camera's secret source and
 * gets the password it resolved to; any other pushed URL stands on its own and the source is dropped.
 */
export function pushedStream(mine: Stream | undefined, pushedUrl: string | undefined): Partial<Stream> {
  if (pushedUrl === undefined)
    return mine ? { url: mine.url, passwordEnv: mine.passwordEnv, passwordFile: mine.passwordFile } : {};
  const given = RTSP_USERINFO.exec(pushedUrl);
  const password = mine ? RTSP_USERINFO.exec(mine.url)?.[3] : undefined;
  if (mine && hasSecretRef(mine) && given && given[3] === undefined && password !== undefined)
    return {
      url: pushedUrl.replace(RTSP_USERINFO, (_all, s: string, u: string) => `${s}${u}${password}@`),
      passwordEnv: mine.passwordEnv,
      passwordFile: mine.passwordFile,
    };
  return { url: pushedUrl, passwordEnv: undefined, passwordFile: undefined };
}
