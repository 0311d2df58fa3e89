import net from "node:net";
import { describe, expect, it } from "vitest";
import { getFreePort, LOCALHOST } from "./free-port.js";

describe("getFreePort", () => {
  it("hands out distinct, bindable ports below the kernel's ephemeral range", async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => getFreePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
    }
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: ports[0], host: LOCALHOST }, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
