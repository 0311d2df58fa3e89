import { describe, expect, it } from "vitest";
import { createIpAllowList } from "../ip-allow-list.js";
import { clientAddress, clientAddressOf, upgradeAddressCheck } from "./client-address.js";

const trusted = createIpAllowList(["10.0.0.1", "10.8.0.0/16", "fd00::/8"]);
const client = (peer: string | undefined, forwardedFor?: string) =>
  clientAddressOf(peer, forwardedFor, trusted);

describe("client address behind trusted proxies", () => {
  it("takes the right-most address that is not a trusted proxy", () => {
    expect(client("10.0.0.1", "203.0.113.7")).toBe("203.0.113.7");
    // A client may put anything on the left; only what trusted proxies appended counts.
    expect(client("10.0.0.1", "1.1.1.1, 203.0.113.7, 10.8.3.4")).toBe("203.0.113.7");
    expect(client("::ffff:10.0.0.1", "2001:db8::5, fd00::2")).toBe("2001:db8::5");
  });

  it("ignores the header from a peer that is not a trusted proxy", () => {
    expect(client("198.51.100.9", "203.0.113.7")).toBe("198.51.100.9");
    expect(client("10.9.0.1", "10.8.0.5")).toBe("10.9.0.1");
    expect(client(undefined, "203.0.113.7")).toBeUndefined();
  });

  it("keeps the peer without a header and the left-most hop when every hop is trusted", () => {
    expect(client("10.0.0.1")).toBe("10.0.0.1");
    expect(client("10.0.0.1", "")).toBe("10.0.0.1");
    expect(client("10.0.0.1", "10.8.1.1, 10.8.2.2")).toBe("10.8.1.1");
  });

  it("stops at a malformed hop, at the last trusted proxy before it", () => {
    expect(client("10.0.0.1", "203.0.113.7, unknown")).toBe("10.0.0.1");
    expect(client("10.0.0.1", "junk, 10.8.1.1")).toBe("10.8.1.1");
  });

  it("drops ports some proxies append", () => {
    expect(client("10.0.0.1", "203.0.113.7:51234")).toBe("203.0.113.7");
    expect(client("10.0.0.1", "[2001:db8::5]:443")).toBe("2001:db8::5");
  });

  it("refuses a malformed HUB_TRUSTED_PROXIES entry when the app is built", () => {
    expect(() => clientAddress(["10.0.0.0/40"])).toThrow(/HUB_TRUSTED_PROXIES: invalid prefix/);
    expect(() => clientAddress(["proxy.local"])).toThrow(/HUB_TRUSTED_PROXIES: invalid entry/);
  });

  it("judges Socket.IO and frame-socket upgrades by the client behind a trusted proxy", () => {
    const allowed = createIpAllowList(["203.0.113.0/24"]);
    const check = upgradeAddressCheck(allowed, ["10.0.0.1"]);
    expect(check("10.0.0.1", "203.0.113.7")).toBe(true);
    expect(check("10.0.0.1", ["198.51.100.1", "203.0.113.7"])).toBe(true);
    expect(check("10.0.0.1", "198.51.100.1")).toBe(false);
    // An untrusted peer's header is not believed.
    expect(check("198.51.100.9", "203.0.113.7")).toBe(false);
    expect(upgradeAddressCheck(allowed, undefined)("10.0.0.1", "203.0.113.7")).toBe(false);
    expect(check(undefined, undefined)).toBe(false);
  });
});
