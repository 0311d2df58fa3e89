import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { dirname, join } from "node:path";
import { Aedes, type AedesOptions } from "aedes";
import { track } from "./cleanup.js";
import { LOCALHOST } from "./free-port.js";
import type { AedesBroker } from "./service-types.js";

/** Broker options passed straight to `Aedes.createBroker`, e.g. `authenticate` or `authorizePublish` hooks. */
export type StartAedesOptions = AedesOptions;

/** aedes.close() waits for clients to go away; a client stuck mid-handshake must not hang a test's teardown. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Starts an embedded aedes broker on a free 127.0.0.1 port, in this process: nothing to install and it starts
 * in milliseconds. Tests that must prove behaviour against a separate, standard broker use Mosquitto instead.
 */
export async function startAedes(options: StartAedesOptions = {}): Promise<AedesBroker> {
  // aedes 1.x: createBroker() is async (it awaits the persistence setup) and replaces the removed default export.
  const broker = await Aedes.createBroker(options);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    broker.handle(socket);
  });

  const destroySockets = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, LOCALHOST, () => {
        server.off("error", reject);
        const address = server.address();
        if (address !== null && typeof address !== "string") resolve(address.port);
        else reject(new Error(`testkit: aedes server has no TCP port: ${String(address)}`));
      });
    });
  } catch (error) {
    server.close();
    await closeBroker(broker);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await closeBroker(broker);
      // Whatever aedes did not hang up on (half-open, mid-CONNECT) would keep server.close() waiting forever.
      destroySockets();
      await serverClosed;
      untrack();
    })();
    return stopping;
  };
  const untrack = track({
    label: `aedes (${LOCALHOST}:${port})`,
    stop,
    // In-process: only the listening socket and client sockets to drop; the broker dies with the process.
    killSync: () => {
      destroySockets();
      server.close();
    },
  });

  return { kind: "aedes", url: `mqtt://${LOCALHOST}:${port}`, port, version: aedesVersion(), broker, stop };
}

function closeBroker(broker: Aedes): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
    broker.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

let cachedVersion: string | undefined;

/** aedes' exports map hides package.json from import, so read it next to the resolved entry point. */
function aedesVersion(): string {
  if (cachedVersion === undefined) {
    const entry = createRequire(import.meta.url).resolve("aedes");
    const pkg = JSON.parse(readFileSync(join(dirname(entry), "package.json"), "utf8")) as {
      version?: unknown;
    };
    cachedVersion = typeof pkg.version === "string" ? pkg.version : "unknown";
  }
  return cachedVersion;
}
