import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** Every service the testkit starts binds here only, so tests never expose anything beyond the machine. */
export const LOCALHOST = "127.0.0.1";

// Ports handed out below Linux's ephemeral range (32768–60999 by default). The kernel picks source
// ports of outgoing connections from that range, and the test suite opens thousands of them, so a port
// chosen there could be taken by some client between the check and a server's bind minutes later (the
// demo test lost its hub to EADDRINUSE that way). Below it, only another listener can collide.
const LOW = 20_000;
const HIGH = 32_767;
const handedOut = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that was free when asked: a random one below the ephemeral range, checked by
 * binding it, never the same twice in one process.
 *
 * The port is only free at the moment of asking: another process may grab it before the caller binds it,
 * so callers that start external servers retry with a fresh port when the bind fails.
 */
export async function getFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`testkit: no free port between ${LOW} and ${HIGH} after 200 tries`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host: LOCALHOST, exclusive: true }, () => server.close(() => resolve(true)));
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
