import type { Client } from "aedes";
import { addressKey } from "../auth/address-key.js";
import { FailureThrottle, type ThrottlePolicy } from "../auth/failure-throttle.js";

export interface ConnectThrottlePolicies {
  /** Per username from one address (the client id must start with the username, see broker-auth). */
  client: ThrottlePolicy;
  /** Per remote address, whatever username it tries. */
  address: ThrottlePolicy;
}

// Short lockouts: devices retry on their own backoff, and a brief outage after a typo is better than a
// long one. An address gets more room than one username: a site's devices may share one NAT address.
export const DEFAULT_CONNECT_THROTTLE: ConnectThrottlePolicies = {
  client: {
    maxFailures: 5,
    windowMs: 5 * 60_000,
    lockoutMs: 1_000,
    maxLockoutMs: 60_000,
    maxEntries: 10_000,
  },
  address: {
    maxFailures: 30,
    windowMs: 5 * 60_000,
    lockoutMs: 1_000,
    maxLockoutMs: 60_000,
    maxEntries: 10_000,
  },
};

export type ConnectCheck = { allowed: true } | { allowed: false; reason: "client" | "address" };

/**
 * Back-off for failed MQTT CONNECTs. A locked-out client or address is refused before any database
 * lookup or hashing. Failures of a username count per address, not globally: device passwords are
 * random 256-bit secrets that no number of guesses will find, so a global per-username lockout would
 * only hand anyone who knows a device's name a way to keep that device offline.
 */
export class ConnectThrottle {
  private readonly clients: FailureThrottle;
  private readonly addresses: FailureThrottle;

  constructor(policies: Partial<ConnectThrottlePolicies> = {}, now: () => number = Date.now) {
    this.clients = new FailureThrottle(policies.client ?? DEFAULT_CONNECT_THROTTLE.client, now);
    this.addresses = new FailureThrottle(policies.address ?? DEFAULT_CONNECT_THROTTLE.address, now);
  }

  check(username: string, address: string): ConnectCheck {
    if (!this.addresses.check(address).allowed) return { allowed: false, reason: "address" };
    if (!this.clients.check(`${username}@${address}`).allowed) return { allowed: false, reason: "client" };
    return { allowed: true };
  }

  failed(username: string, address: string): void {
    this.addresses.fail(address);
    this.clients.fail(`${username}@${address}`);
  }

  succeeded(username: string, address: string): void {
    this.clients.succeed(`${username}@${address}`);
  }
}

/** The throttling key of a client's peer: the socket's address over TCP/TLS, the request's over WebSocket. */
export function clientAddress(client: Client): string {
  const conn = client.conn as { remoteAddress?: string } | undefined;
  return addressKey(conn?.remoteAddress ?? client.req?.socket?.remoteAddress);
}
