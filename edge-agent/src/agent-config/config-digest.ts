import { createHash } from "node:crypto";
import type { AgentConfig } from "./agent-config-schema.js";

// Any password in a stream URL, inline or resolved from passwordEnv/passwordFile.
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i;

/**
 * A short fingerprint of the config the agent runs with, sent in heartbeats: two devices (or one device
 * before and after a local edit) with the same fingerprint run the same settings, which a revision
 * number cannot tell once someone edited the file by hand. Passwords are left out, so the
 * fingerprint says nothing about them and does not change when only a secret is rotated.
 */
export function configDigest(config: AgentConfig): string {
  const cameras = config.cameras.map((c) => ({ ...c, url: c.url.replace(URL_PASSWORD, "$1@") }));
  const text = JSON.stringify({ ...config, cameras });
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

export interface ConfigIdentity {
  agentVersion: string;
  /** 0 until the hub pushed a config: the agent then runs on its local file alone. */
  configRevision: number;
  configHash: string;
}

/** What each heartbeat says about the running agent; the hash is computed once per config object. */
export function configIdentity(agentVersion: string): (config: AgentConfig) => ConfigIdentity {
  let last: { of: AgentConfig; hash: string } | undefined;
  return (config) => {
    if (last?.of !== config) last = { of: config, hash: configDigest(config) };
    return { agentVersion, configRevision: config.configRevision, configHash: last.hash };
  };
}
