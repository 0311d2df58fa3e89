import { isIP } from "node:net";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-types.js";
import { createIpAllowList, type IpAllowList } from "../ip-allow-list.js";
import { peerAddress } from "./request-context.js";

// Behind an ingress or reverse proxy every request comes from the proxy's address, so the access log,
// the IP allow-list and login throttling would all see one client. X-Forwarded-For names the real
// one, but anybody can send that header: it is believed only from proxies the operator listed in
// HUB_TRUSTED_PROXIES, and only as far back as the chain runs through such proxies.

/**
 * The client's address for a request from `peer`. Each proxy appends the address it received the
 * request from, so X-Forwarded-For is read from the right: trusted proxies are skipped and the first
 * address that is not one is the client. An untrusted peer's header is ignored; a malformed entry ends
 * the walk at the last trusted hop, since nothing left of it can be believed.
 */
export function clientAddressOf(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: IpAllowList,
): string | undefined {
  if (!peer || !forwardedFor || !trusted.allows(peer)) return peer;
  const hops = forwardedFor.split(",").map((hop) => withoutPort(hop.trim()));
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.allows(hop)) return hop;
  }
  // Every hop was a trusted proxy: the left-most is as far back as anyone can tell.
  return client;
}

// Some proxies write "203.0.113.7:51234" or "[2001:db8::1]:443".
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed?.[1]) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4?.[1] ?? hop;
}

/**
 * Derives the client's address once per request for everything after it (see `remoteAddress`).
 * Throws on a malformed entry, so a typo stops the hub at start-up.
 */
export function clientAddress(trustedProxies: readonly string[]): MiddlewareHandler<AppEnv> {
  const trusted = createIpAllowList(trustedProxies, "HUB_TRUSTED_PROXIES");
  return async (c, next) => {
    c.set("clientAddress", clientAddressOf(peerAddress(c), c.req.header("x-forwarded-for"), trusted));
    await next();
  };
}

/**
 * The allow-list check for connections that bypass Hono (Socket.IO, the attention frame socket): the
 * client behind trusted proxies is judged, as for REST requests.
 */
export function upgradeAddressCheck(
  allowList: IpAllowList,
  trustedProxies: readonly string[] | undefined,
): (peer: string | undefined, forwardedFor: string | string[] | undefined) => boolean {
  const trusted = createIpAllowList(trustedProxies ?? [], "HUB_TRUSTED_PROXIES");
  return (peer, forwardedFor) => {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
    return allowList.allows(clientAddressOf(peer, header, trusted) ?? "");
  };
}
