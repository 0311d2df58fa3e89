import { Duplex } from "node:stream";
import { MAX_FRAME_BYTES } from "@sitewatch/shared-protocol";
import type { Metrics } from "../observability/metrics.js";
import { CONNECT, ConnackWatch, FixedHeaderScanner } from "./mqtt-framing.js";

/**
 * Bounds on what one MQTT connection may make the broker hold. aedes' parser keeps every byte of a
 * packet until the packet is complete, whatever length its header announces, and reads packets behind
 * a CONNECT while the login is still being checked; without these bounds a peer that never logs in can
 * make the hub buffer hundreds of megabytes.
 */
export interface PacketLimits {
  /** Largest packet once the login was accepted. */
  maxPacketBytes: number;
  /** Largest packet before that: the CONNECT itself and anything sent behind it. */
  preConnectPacketBytes: number;
  /** All bytes read before the login was accepted. */
  preConnectBytes: number;
}

export const defaultPacketLimits: PacketLimits = {
  // The largest device message (a 1 MiB snapshot or live frame) plus a topic of up to 64 KiB, the packet
  // id and MQTT 5 properties.
  maxPacketBytes: MAX_FRAME_BYTES + 64 * 1024 + 1024,
  // A CONNECT holds a client id, a login and a small last will.
  preConnectPacketBytes: 64 * 1024,
  preConnectBytes: 128 * 1024,
};

export type PacketRefusal =
  | "not_connect"
  | "pre_connect_too_large"
  | "pre_connect_flood"
  | "too_large"
  | "malformed";

export interface PacketGuardOptions {
  limits?: Partial<PacketLimits>;
  /** Counts refused connections by reason. */
  metrics?: Pick<Metrics, "mqttRefused">;
}

/**
 * Stands between a client connection (TCP, TLS or a WebSocket stream) and the broker: inbound bytes
 * pass through unchanged while their fixed headers are checked against the limits, outbound bytes go
 * straight to the connection and reveal when the login was accepted (the CONNACK). A packet that breaks
 * a limit destroys the connection as soon as its header arrives, before its body is buffered anywhere.
 * Flow control is kept: while the broker does not read, the connection is not read either.
 */
export class PacketGuard extends Duplex {
  private readonly limits: PacketLimits;
  private readonly scanner = new FixedHeaderScanner();
  private readonly connack = new ConnackWatch();
  private preConnectRead = 0;
  /** Why the connection was refused; undefined while it is fine. */
  refused: PacketRefusal | undefined;

  constructor(
    private readonly inner: Duplex,
    private readonly opts: PacketGuardOptions = {},
  ) {
    super({ allowHalfOpen: false });
    this.limits = { ...defaultPacketLimits, ...opts.limits };
    inner.on("data", (chunk: Buffer) => this.inbound(chunk));
    inner.pause();
    inner.on("end", () => this.push(null));
    inner.on("error", (err) => this.destroy(err));
    inner.on("close", () => this.destroy());
  }

  /** True once the broker accepted the connection's login. */
  get connected(): boolean {
    return this.connack.verdict === "accepted";
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.connack.verdict === "pending") this.connack.feed(chunk);
    if (this.inner.write(chunk)) callback();
    else this.inner.once("drain", () => callback());
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (err?: Error | null) => void): void {
    this.inner.cork();
    let room = true;
    for (const { chunk } of chunks) {
      if (this.connack.verdict === "pending") this.connack.feed(chunk);
      room = this.inner.write(chunk);
    }
    this.inner.uncork();
    if (room) callback();
    else this.inner.once("drain", () => callback());
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.inner.end();
    callback();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.inner.destroy();
    callback(err);
  }

  private inbound(chunk: Buffer): void {
    if (this.destroyed) return;
    const connected = this.connected;
    const refusal = this.scanner.feed(chunk, (type, length, index) =>
      this.check(connected, type, length, index),
    );
    if (refusal) {
      this.refuse(refusal);
      return;
    }
    if (!connected) {
      this.preConnectRead += chunk.length;
      if (this.preConnectRead > this.limits.preConnectBytes) {
        this.refuse("pre_connect_flood");
        return;
      }
    }
    if (!this.push(chunk)) this.inner.pause();
  }

  private check(connected: boolean, type: number, length: number, index: number): PacketRefusal | undefined {
    if (connected) return length > this.limits.maxPacketBytes ? "too_large" : undefined;
    if (index === 0 && type !== CONNECT) return "not_connect";
    return length > this.limits.preConnectPacketBytes ? "pre_connect_too_large" : undefined;
  }

  private refuse(reason: PacketRefusal): void {
    this.refused = reason;
    this.opts.metrics?.mqttRefused.inc({ reason });
    this.destroy(new Error(`MQTT connection refused: ${reason.replaceAll("_", " ")}`));
  }
}

/** Wraps a client connection for `broker.handle`. */
export function guardConnection(connection: Duplex, opts: PacketGuardOptions = {}): PacketGuard {
  return new PacketGuard(connection, opts);
}
