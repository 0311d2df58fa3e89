import { BlockList, isIP } from "node:net";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors/api-error.js";
import type { AppEnv } from "./app-types.js";
import { remoteAddress } from "./middleware/request-context.js";

export interface IpAllowList {
  allows(address: string | undefined): boolean;
}

/**
 * Builds an allow-list from IPs and CIDRs (IPv4 or IPv6). An IPv4 client reached over a dual-stack socket
 * shows up as `::ffff:a.b.c.d`; it is matched as the IPv4 address. Unknown addresses are refused.
 * Throws on a malformed entry, so a typo in IP_ALLOWLIST stops the hub at start-up instead of locking
 * everybody out (or in) silently.
 */
export function createIpAllowList(entries: readonly string[], setting = "IP allow-list"): IpAllowList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address, prefix, extra] = entry.split("/");
    const family = address ? isIP(address) : 0;
    if (!address || family === 0 || extra !== undefined)
      throw new Error(`${setting}: invalid entry "${raw}"`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`${setting}: invalid prefix length in "${raw}"`);
    }
    list.addSubnet(address, bits, type);
  }
  return {
    allows(address) {
      if (!address) return false;
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
      const ip = mapped ?? address;
      const family = isIP(ip);
      if (family === 0) return false;
      return list.check(ip, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

// Load balancers probe these from their own addresses; they reveal nothing but "alive" and "ready".
const PROBES = new Set(["/healthz", "/readyz"]);

/**
 * Refuses callers whose address is not on the allow-list: the socket's, or behind a proxy listed in
 * HUB_TRUSTED_PROXIES the client it forwarded for (an untrusted peer's X-Forwarded-For is ignored).
 */
export function ipFilter(entries: readonly string[]): MiddlewareHandler<AppEnv> {
  const list = createIpAllowList(entries);
  return async (c, next) => {
    if (!PROBES.has(c.req.path)) {
      const address = remoteAddress(c);
      if (!list.allows(address)) {
        throw new ApiError("IP_NOT_ALLOWED", `address ${address ?? "(unknown)"} is not on the allow-list`);
      }
    }
    await next();
  };
}
