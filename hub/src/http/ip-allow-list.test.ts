import { describe, expect, it } from "vitest";
import { createIpAllowList } from "./ip-allow-list.js";

describe("createIpAllowList", () => {
  const list = createIpAllowList(["10.1.0.0/16", "192.168.5.7", "2001:db8::/32", "::1"]);

  it("admits addresses inside a CIDR or equal to a listed IP", () => {
    expect(list.allows("10.1.200.3")).toBe(true);
    expect(list.allows("192.168.5.7")).toBe(true);
    expect(list.allows("2001:db8:1::5")).toBe(true);
    expect(list.allows("::1")).toBe(true);
  });

  it("matches IPv4-mapped IPv6 addresses as IPv4", () => {
    expect(list.allows("::ffff:10.1.2.3")).toBe(true);
    expect(list.allows("::ffff:10.2.2.3")).toBe(false);
  });

  it("refuses everything else, including unknown or malformed addresses", () => {
    expect(list.allows("10.2.0.1")).toBe(false);
    expect(list.allows("192.168.5.8")).toBe(false);
    expect(list.allows("2001:db9::1")).toBe(false);
    expect(list.allows(undefined)).toBe(false);
    expect(list.allows("not-an-ip")).toBe(false);
  });

  it("rejects malformed entries at start-up", () => {
    expect(() => createIpAllowList(["10.0.0.0/33"])).toThrow(/prefix/);
    expect(() => createIpAllowList(["10.0.0/8"])).toThrow(/invalid entry/);
    expect(() => createIpAllowList(["example.com"])).toThrow(/invalid entry/);
  });
});
