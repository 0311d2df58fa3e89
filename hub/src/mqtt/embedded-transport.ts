import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import tls from "node:tls";
import { Aedes, type AedesOptions } from "aedes";
import { createWebSocketStream, type WebSocket, WebSocketServer } from "ws";
import type { HubConfig } from "../config.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { BrokerAuth } from "./broker-auth.js";
import { ConnectionHolds, clientsOf, type HoldLimits } from "./connection-hold.js";
import { guardConnection } from "./packet-guard.js";
import type { MessageHandler, MqttTransport } from "./transport.js";

type AuthorizePublish = NonNullable<AedesOptions["authorizePublish"]>;
type Client = NonNullable<Parameters<AuthorizePublish>[0]>;
type AedesPublishPacket = Parameters<AuthorizePublish>[1];

export interface EmbeddedTransportOptions {
  mqtt: { host: string; port: number; wsPort: number };
  /** With certificates, the TCP listener speaks MQTTS and the WebSocket listener WSS. */
  tls?: HubConfig["tls"];
  auth: BrokerAuth;
  metrics: Pick<Metrics, "mqttClients" | "mqttRefused">;
  logger: Logger;
  /** Upper bound for stop(); clients still connected after it are cut off. Default 3 s. */
  closeTimeoutMs?: number;
  /** Per connection: past these, messages waiting for the database stop its reading. */
  holdLimits?: HoldLimits;
}

// Room for a device's window of unacknowledged publishes (the agent keeps 32) to be read and committed
// together; the byte bound caps a misbehaving device at a few large messages.
const DEFAULT_HOLD_LIMITS: HoldLimits = { messages: 256, bytes: 8 * 1024 * 1024 };

export interface EmbeddedTransport extends MqttTransport {
  readonly kind: "embedded";
  /** Bound ports (useful with port 0); throws before start(). */
  ports(): { mqtt: number; ws: number };
  /** The running broker, for tools and tests. */
  broker(): Aedes;
  /** Closes every connection logged in as `username`; returns how many. */
  disconnectUser(username: string): number;
}

// Largest WebSocket frame accepted: a 1 MiB protocol payload plus MQTT framing and topic.
const WS_MAX_PAYLOAD = 2 * 1024 * 1024;
// Device messages live below this root.
const DEVICE_ROOT = "sitewatch/";

/**
 * aedes in this process, on TCP and MQTT over WebSocket. Device messages reach the handler from aedes'
 * publish-authorisation hook, which aedes awaits before it writes the QoS 1 PUBACK: so a device is told
 * "delivered" only once ingest has stored the message, and a handler that fails leaves it unacknowledged
 * (the connection is closed; the device sends it again). While a connection has messages open it is
 * not read from (see connection-hold.ts), which is how backpressure reaches devices. The hub's own
 * publishes (commands) do not pass the hook.
 */
export function createEmbeddedTransport(opts: EmbeddedTransportOptions): EmbeddedTransport {
  const log = opts.logger.child({ component: "mqtt-broker" });
  let handler: MessageHandler = () => {};
  let aedes: Aedes | undefined;
  let tcp: net.Server | undefined;
  let web: http.Server | undefined;
  let wss: WebSocketServer | undefined;
  let bound: { mqtt: number; ws: number } | undefined;
  const sockets = new Set<net.Socket>();
  const webSockets = new Set<WebSocket>();

  // A connection with too much waiting for the database is not read from (backpressure).
  const holds = new ConnectionHolds(opts.holdLimits ?? DEFAULT_HOLD_LIMITS);

  const ingest = (client: Client, packet: AedesPublishPacket, callback: (error?: Error | null) => void) => {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    let result: void | Promise<void>;
    try {
      result = handler(packet.topic, payload, packet.qos);
    } catch (err) {
      log.error({ err, topic: packet.topic }, "message handler threw");
      return callback(null);
    }
    if (!result) return callback(null);
    const bytes = payload.byteLength;
    holds.begin(client, bytes);
    result.then(
      () => {
        holds.end(client, bytes);
        callback(null);
      },
      (err: unknown) => {
        holds.end(client, bytes);
        log.warn(
          { err, topic: packet.topic, clientId: client.id },
          "message not stored; left unacknowledged",
        );
        callback(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };

  const authorizePublish: AuthorizePublish = (client, packet, callback) => {
    opts.auth.authorizePublish(client, packet, (err) => {
      if (err || !client || !packet.topic.startsWith(DEVICE_ROOT)) return callback(err);
      ingest(client, packet, callback);
    });
  };

  opts.auth.onInvalidate((username) => {
    const closed = disconnectUser(username);
    if (closed > 0) log.info({ username, closed }, "disconnected clients of an invalidated device");
  });

  const countClients = () => opts.metrics.mqttClients.set(aedes?.connectedClients ?? 0);

  function listen(server: net.Server, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, opts.mqtt.host, () => {
        server.off("error", reject);
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }

  function track(socket: net.Socket) {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  }

  async function start(): Promise<void> {
    const broker = await Aedes.createBroker({
      authenticate: opts.auth.authenticate,
      authorizePublish,
      authorizeSubscribe: opts.auth.authorizeSubscribe,
    });
    aedes = broker;
    broker.on("client", countClients);
    broker.on("clientDisconnect", countClients);
    broker.on("clientError", (client, err) =>
      log.debug({ clientId: client.id, err: err.message }, "client error"),
    );

    const cert = opts.tls
      ? { cert: readFileSync(opts.tls.certFile), key: readFileSync(opts.tls.keyFile) }
      : undefined;
    const onSocket = (socket: net.Socket) => {
      track(socket);
      socket.on("error", () => {});
      broker.handle(guardConnection(socket, { metrics: opts.metrics }));
    };
    tcp = cert ? tls.createServer(cert, onSocket) : net.createServer(onSocket);
    web = cert ? https.createServer(cert) : http.createServer();
    web.on("connection", track);
    web.on("request", (_req, res) =>
      res.writeHead(426, { "content-type": "text/plain" }).end("MQTT over WebSocket only\n"),
    );
    wss = new WebSocketServer({ server: web, maxPayload: WS_MAX_PAYLOAD });
    wss.on("connection", (ws, req) => {
      webSockets.add(ws);
      ws.once("close", () => webSockets.delete(ws));
      const stream = createWebSocketStream(ws);
      stream.on("error", () => {});
      broker.handle(guardConnection(stream, { metrics: opts.metrics }), req);
    });
    try {
      bound = { mqtt: await listen(tcp, opts.mqtt.port), ws: await listen(web, opts.mqtt.wsPort) };
    } catch (err) {
      await stop();
      throw err;
    }
    log.info({ host: opts.mqtt.host, ...bound, tls: Boolean(cert) }, "embedded MQTT broker listening");
  }

  function disconnectUser(username: string): number {
    if (!aedes) return 0;
    let closed = 0;
    for (const client of Object.values(clientsOf(aedes))) {
      if (opts.auth.principalOf(client)?.username === username) {
        client.close();
        closed += 1;
      }
    }
    return closed;
  }

  async function stop(): Promise<void> {
    const broker = aedes;
    // Acknowledge what is being stored before the connections go (devices would send it again).
    for (const until = Date.now() + (opts.closeTimeoutMs ?? 3_000); holds.size > 0 && Date.now() < until; )
      await sleep(10);
    aedes = undefined;
    const closing = [tcp, web].filter((s): s is net.Server => s?.listening === true);
    const closed = closing.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    wss?.close();
    if (broker) {
      // Closing clients publishes their wills (devices go offline in ingest) before the sockets die.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, opts.closeTimeoutMs ?? 3_000);
        broker.close(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    for (const ws of webSockets) ws.terminate();
    for (const socket of sockets) socket.destroy();
    await Promise.all(closed);
    tcp = web = wss = undefined;
    opts.metrics.mqttClients.set(0);
  }

  return {
    kind: "embedded",
    onMessage(h) {
      handler = h;
    },
    publish(topic, payload, { qos, retain = false }) {
      const broker = aedes;
      if (!broker) return Promise.reject(new Error("embedded broker is not running"));
      return new Promise((resolve, reject) =>
        broker.publish(
          { cmd: "publish", topic, payload: Buffer.from(payload), qos, retain, dup: false },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
    },
    connectedClients: () => aedes?.connectedClients ?? 0,
    start,
    stop,
    ports() {
      if (!bound) throw new Error("embedded broker is not started");
      return bound;
    },
    broker() {
      if (!aedes) throw new Error("embedded broker is not started");
      return aedes;
    },
    disconnectUser,
  };
}
