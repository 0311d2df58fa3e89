import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { HubSocket } from "./socket-types.js";

export interface SlowConsumerLimits {
  /** Packets waiting in one client's engine buffer before it is cut off. */
  maxBufferedPackets: number;
  /** Bytes (of encoded text) waiting in one client's engine buffer before it is cut off. */
  maxBufferedBytes: number;
}

export const defaultSlowConsumerLimits: SlowConsumerLimits = {
  maxBufferedPackets: 1_000,
  maxBufferedBytes: 8 * 1024 * 1024,
};

function sizeOf(data: unknown): number {
  if (typeof data === "string") return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Bounds what the hub buffers for one dashboard. Engine.IO moves its write buffer to the transport only
 * while the previous write has drained, so a client that stops reading makes the buffer grow without
 * end; at the bound the client is disconnected (it reconnects and gets a fresh state on join) instead
 * of holding memory. Volatile emits are already dropped while the transport is busy, so only
 * non-volatile events count here. Other clients are unaffected either way: each has its own buffer.
 */
export function guardSlowConsumer(
  socket: HubSocket,
  limits: SlowConsumerLimits,
  metrics: Metrics,
  logger: Logger,
): void {
  const conn = socket.conn;
  // Mirrors Engine.IO's write buffer (which its typings keep private): every packet is created into
  // it, and every flush empties it into the transport.
  let packets = 0;
  let bytes = 0;
  let cut = false;
  conn.on("packetCreate", (packet: { data?: unknown }) => {
    packets += 1;
    bytes += sizeOf(packet.data);
    if (cut || (packets <= limits.maxBufferedPackets && bytes <= limits.maxBufferedBytes)) return;
    cut = true;
    metrics.socketSlowDisconnects.inc();
    logger.warn(
      { socket: socket.id, user: socket.data.principal?.userId, packets, bytes },
      "disconnecting a dashboard that stopped reading",
    );
    // Not from inside Engine.IO's send path: let it finish the packet it is queueing first. A plain
    // disconnect would wait for the buffer to drain, which a stalled client never does, so the
    // connection is closed with its buffer discarded, and a WebSocket is terminated rather than sent
    // a close frame it would not read (which holds the socket for the 30 s close timeout).
    setImmediate(() => {
      const ws = (conn.transport as unknown as { socket?: { terminate?: () => void } }).socket;
      socket.disconnect(true);
      conn.close(true);
      ws?.terminate?.();
    });
  });
  conn.on("flush", () => {
    packets = 0;
    bytes = 0;
  });
}
