import { createHash, timingSafeEqual } from "node:crypto";
import { deviceCommandFilter, deviceSettledTopic, deviceTopicPrefix } from "@sitewatch/shared-protocol";
import type { AedesOptions, AuthenticateError, Client } from "aedes";
import { checkDevicePassword, type DeviceVerdict, parseDeviceUsername } from "../auth/device-credentials.js";
import { GateBusyError } from "../auth/passwords.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { RateLimitedLog } from "../observability/rate-limited-log.js";
import { ConnectThrottle, type ConnectThrottlePolicies, clientAddress } from "./connect-throttle.js";
import { type IntegratorAccount, isCovered } from "./integrator-acl.js";
import { RetainPolicy } from "./retain-policy.js";

/** Who a connected MQTT client is: a device (confined to its prefix) or a hub-side super user. */
export type BrokerPrincipal =
  | {
      kind: "device";
      username: string;
      site: string;
      device: string;
      prefix: string;
      /** Hub-to-device topics under the prefix, which the device reads and must not publish. */
      commandPrefix: string;
      settledTopic: string;
    }
  | { kind: "super"; username: string }
  /** The read-only integrator account: subscribes within `readFilters`, never publishes. */
  | { kind: "integrator"; username: string };

export interface BrokerAuthOptions {
  db: Db;
  metrics: Pick<Metrics, "mqttAuthFailures" | "authThrottled">;
  logger: Logger;
  /** How long a verified username+password stays trusted without asking the database; default 60 s. */
  cacheTtlMs?: number;
  /** Hub-side accounts with full access (e.g. a monitoring subscriber); never devices. */
  superUsers?: ReadonlyArray<{ username: string; password: string }>;
  /** The opt-in read-only account for integrators (HUB_INTEGRATOR_USERNAME); never a device name. */
  integrator?: IntegratorAccount;
  /** Back-off for failed CONNECTs; defaults in connect-throttle.ts. */
  throttle?: Partial<ConnectThrottlePolicies>;
}

export interface BrokerAuth {
  authenticate: NonNullable<AedesOptions["authenticate"]>;
  authorizePublish: NonNullable<AedesOptions["authorizePublish"]>;
  authorizeSubscribe: NonNullable<AedesOptions["authorizeSubscribe"]>;
  /** Drops cached logins of `username` and tells listeners (the broker disconnects its clients). */
  invalidate(username: string): void;
  onInvalidate(listener: (username: string) => void): void;
  principalOf(client: Client): BrokerPrincipal | undefined;
}

// aedes' CONNACK return codes (MQTT 3.1.1).
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;
const MAX_CACHE_ENTRIES = 10_000;

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest();

/**
 * The embedded broker's authentication and ACL, backed by the `devices` table. Device usernames are
 * `<site>.<device>`; a device may publish only below its own topic prefix (never to its command
 * topics) and subscribe only below it. Its client id must be its username, optionally followed by
 * `:<anything>`, so one device cannot take over another's session by reusing its client id.
 * Failed CONNECTs back off per username and address (connect-throttle.ts), and retained messages are
 * only accepted where the protocol uses them (retain-policy.ts). The optional integrator account may only
 * subscribe within the state filters of integrator-acl.ts (else SUBACK 0x80) and is cut off if it publishes.
 * The hub itself publishes in-process, where no client and so none of these rules applies.
 */
export function createBrokerAuth(opts: BrokerAuthOptions): BrokerAuth {
  const log = opts.logger.child({ component: "mqtt-auth" });
  const refusals = new RateLimitedLog(log);
  const ttl = opts.cacheTtlMs ?? 60_000;
  const principals = new WeakMap<Client, BrokerPrincipal>();
  const cache = new Map<string, { username: string; expires: number }>();
  const verifying = new Map<string, Promise<DeviceVerdict>>();
  const throttle = new ConnectThrottle(opts.throttle);
  const retained = new RetainPolicy();
  // Bumped by invalidate(): a verification that started before a revocation must not be cached after it.
  const generation = new Map<string, number>();
  const listeners: Array<(username: string) => void> = [];
  const supers = (opts.superUsers ?? []).map((u) => ({ username: u.username, digest: sha256(u.password) }));
  const integrator = opts.integrator && { ...opts.integrator, digest: sha256(opts.integrator.password) };

  function refuse(
    kind: "connect" | "publish" | "retain" | "subscribe",
    fields: Record<string, unknown>,
    why: string,
  ) {
    opts.metrics.mqttAuthFailures.inc({ kind });
    refusals.warn(`${kind} ${String(fields.username)}`, { kind, ...fields }, `mqtt ${kind} refused: ${why}`);
  }

  function cacheOk(key: string, username: string) {
    cache.delete(key);
    cache.set(key, { username, expires: Date.now() + ttl });
    if (cache.size > MAX_CACHE_ENTRIES) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }

  const authenticate: BrokerAuth["authenticate"] = (client, username, password, done) => {
    const peer = clientAddress(client);
    // `backOff` false: refusals that say nothing about the credentials (throttled, busy) do not extend it.
    const fail = (code: number, why: string, backOff = true) => {
      if (backOff) throttle.failed(username ?? "", peer);
      refuse("connect", { username, clientId: client.id, peer }, why);
      done(Object.assign(new Error(why), { returnCode: code }) as AuthenticateError, null);
    };
    if (!username || !password) return fail(BAD_USERNAME_OR_PASSWORD, "missing username or password");
    const digest = sha256(password);
    const address = parseDeviceUsername(username);
    const ownClientId = client.id === username || client.id.startsWith(`${username}:`);
    const key = `${username}\u0000${digest.toString("hex")}`;
    const hit = cache.get(key);
    // A login verified moments ago passes even while its address is backed off: the key holds the
    // password's digest, so only the real device gets here, and a flood on its name cannot lock it out.
    const known = address !== null && ownClientId && hit !== undefined && hit.expires > Date.now();
    const gate = known ? { allowed: true as const } : throttle.check(username, peer);
    if (!gate.allowed) {
      opts.metrics.authThrottled.inc({ scope: "mqtt", reason: gate.reason });
      return fail(NOT_AUTHORIZED, `backed off after repeated failures (${gate.reason})`, false);
    }
    const superUser = supers.find((s) => s.username === username);
    if (superUser) {
      if (!timingSafeEqual(superUser.digest, digest)) return fail(BAD_USERNAME_OR_PASSWORD, "wrong password");
      principals.set(client, { kind: "super", username });
      return done(null, true);
    }
    // Any client id: several tools may share the account, and it holds nothing worth taking over.
    if (integrator && integrator.username === username) {
      if (!timingSafeEqual(integrator.digest, digest))
        return fail(BAD_USERNAME_OR_PASSWORD, "wrong password");
      throttle.succeeded(username, peer);
      principals.set(client, { kind: "integrator", username });
      return done(null, true);
    }
    if (!address) return fail(BAD_USERNAME_OR_PASSWORD, "not a device username");
    if (!ownClientId) {
      return fail(IDENTIFIER_REJECTED, `client id must be "${username}" or start with "${username}:"`);
    }
    const accept = () => {
      principals.set(client, {
        kind: "device",
        username,
        ...address,
        prefix: deviceTopicPrefix(address),
        commandPrefix: `${deviceTopicPrefix(address)}cmd/`,
        settledTopic: deviceSettledTopic(address),
      });
      done(null, true);
    };
    if (known) return accept();
    const gen = generation.get(username) ?? 0;
    let pending = verifying.get(key);
    if (!pending) {
      pending = checkDevicePassword(opts.db, username, password.toString("utf8"), log).finally(() =>
        verifying.delete(key),
      );
      verifying.set(key, pending);
    }
    pending.then(
      (verdict) => {
        if (verdict === "ok") {
          throttle.succeeded(username, peer);
          if ((generation.get(username) ?? 0) === gen) cacheOk(key, username);
          return accept();
        }
        if (verdict === "revoked") return fail(NOT_AUTHORIZED, "device is revoked");
        if (verdict === "unknown") return fail(BAD_USERNAME_OR_PASSWORD, "no such device");
        return fail(BAD_USERNAME_OR_PASSWORD, "wrong password");
      },
      (err: unknown) => {
        if (err instanceof GateBusyError) {
          // Only devices still on a legacy scrypt hash get here, and only while logins flood the hasher.
          opts.metrics.authThrottled.inc({ scope: "mqtt", reason: "busy" });
          return fail(SERVER_UNAVAILABLE, "password hashing is saturated; retry later", false);
        }
        log.error({ err, username }, "device credential lookup failed");
        fail(SERVER_UNAVAILABLE, "credential lookup failed", false);
      },
    );
  };

  const authorizePublish: BrokerAuth["authorizePublish"] = (client, packet, callback) => {
    // No client: the broker itself (e.g. re-publishing wills); the hub's own publishes skip this hook.
    if (!client) return callback(null);
    const p = principals.get(client);
    if (p?.kind === "super") return callback(null);
    const topic = packet.topic;
    if (
      p?.kind === "device" &&
      topic.startsWith(p.prefix) &&
      !topic.startsWith(p.commandPrefix) &&
      topic !== p.settledTopic
    ) {
      const why = packet.retain
        ? retained.refusal(p.username, topic, Buffer.byteLength(packet.payload))
        : null;
      if (!why) return callback(null);
      refuse("retain", { username: p.username, clientId: client.id, topic: topic.slice(0, 200) }, why);
      return callback(new Error(`retained publish to ${topic} refused: ${why}`));
    }
    if (p?.kind === "integrator" && !packet.retain && integrator?.writeTopics.includes(topic))
      return callback(null);
    refuse(
      "publish",
      { username: p?.username, clientId: client.id, topic: topic.slice(0, 200) },
      p?.kind === "integrator" ? "the integrator account is read-only" : "outside its prefix",
    );
    callback(new Error(`publishing to ${topic} is not allowed`));
  };

  const authorizeSubscribe: BrokerAuth["authorizeSubscribe"] = (client, sub, callback) => {
    const p = principals.get(client);
    if (p?.kind === "super") return callback(null, sub);
    if (p?.kind === "device" && (sub.topic === deviceCommandFilter(p) || sub.topic.startsWith(p.prefix)))
      return callback(null, sub);
    if (p?.kind === "integrator" && integrator && isCovered(integrator.readFilters, sub.topic))
      return callback(null, sub);
    refuse(
      "subscribe",
      { username: p?.username, clientId: client.id, topic: sub.topic.slice(0, 200) },
      p?.kind === "integrator" ? "not a state topic" : "outside its prefix",
    );
    // A null subscription is refused in the SUBACK (0x80) without dropping the connection.
    callback(null, null);
  };

  return {
    authenticate,
    authorizePublish,
    authorizeSubscribe,
    invalidate(username) {
      generation.set(username, (generation.get(username) ?? 0) + 1);
      for (const [key, entry] of cache) if (entry.username === username) cache.delete(key);
      for (const listener of listeners) listener(username);
    },
    onInvalidate(listener) {
      listeners.push(listener);
    },
    principalOf: (client) => principals.get(client),
  };
}
