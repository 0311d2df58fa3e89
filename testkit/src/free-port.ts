import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** Every service the testkit starts binds here only, so tests never expose anything beyond the machine. */
export const LOCALHOST = "127.0.0.1";

/**
 * Asks the kernel for a free TCP port on 127.0.0.1 by binding port 0 and releasing it again.
 *
 * The port is only free at the moment of asking: another process may grab it before the caller binds it,
 * so callers that start external servers retry with a fresh port when the bind fails.
 */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host: LOCALHOST, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`testkit: unexpected address for a TCP listener: ${String(address)}`));
        return;
      }
      server.close((err) => (err ? reject(err) : resolve(address.port)));
    });
  });
}

/** True when something accepts TCP connections on the port; used to tell "up" from "gone" without a protocol. */
export function isPortOpen(port: number, host = LOCALHOST, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const finish = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

export interface WaitForPortOptions {
  timeoutMs: number;
  host?: string;
  intervalMs?: number;
  /** Lets the caller give up early, e.g. when the server process already exited and will never listen. */
  abandon?: () => boolean;
}

/** Polls until the port accepts connections; resolves false on timeout or abandonment so callers word the error. */
export async function waitForPort(port: number, options: WaitForPortOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  while (Date.now() < deadline) {
    if (options.abandon?.()) return false;
    if (await isPortOpen(port, options.host ?? LOCALHOST, interval * 4)) return true;
    await sleep(interval);
  }
  return false;
}
