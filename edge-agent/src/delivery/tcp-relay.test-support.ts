import net from "node:net";
import { getFreePort, LOCALHOST } from "@sitewatch/testkit";

/**
 * A TCP relay on a fixed 127.0.0.1 port in front of a broker. `cut()` drops every connection and stops
 * listening, as a broker outage looks to a client; `restore()` listens on the same port again, so the
 * client's own reconnect loop (same URL) is what brings it back.
 */
export interface TcpRelay {
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const port = await getFreePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(targetPort, LOCALHOST);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("error", () => socket.destroy());
          socket.on("close", () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      s.once("error", reject);
      s.listen(port, LOCALHOST, () => resolve());
      server = s;
    });

  const cut = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return { url: `mqtt://${LOCALHOST}:${port}`, cut, restore: listen, stop: cut };
}
