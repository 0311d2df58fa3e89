import type {
  LIVE_BATCH_EVENT,
  LiveBatchEntry,
  LiveEvent,
  LiveEventName,
  LiveKindOf,
} from "@sitewatch/shared-protocol";

// Types only from shared-protocol: importing one of its values would pull zod and every schema into
// the seat map's chunk. The annotation makes the compiler check this is the protocol's name.
const BATCH: typeof LIVE_BATCH_EVENT = "live:batch";

// Any Socket.IO client socket fits (typed or not, or a test double): typed sockets' generic `on`/`off`
// take only their own event names, which a plain `string` parameter would not accept.
type SocketLike = {
  // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for socket.io-client's Socket.
  on(event: any, listener: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for socket.io-client's Socket.
  off(event: any, listener?: (...args: any[]) => void): unknown;
};

/**
 * Calls `handler` for every `name` event, whether the hub sent it alone or inside a `live:batch`
 * (the same delivery as shared-protocol's `onLive`), and returns the function that removes both
 * listeners — what an effect's cleanup needs, so a page that unmounts stops receiving events.
 */
export function subscribeLive<N extends LiveEventName>(
  socket: SocketLike,
  name: N,
  handler: (event: LiveEvent<LiveKindOf<N>>) => void,
): () => void {
  const single = (event: LiveEvent<LiveKindOf<N>>) => handler(event);
  const batch = (entries: LiveBatchEntry[]) => {
    for (const [entryName, event] of entries) {
      if (entryName === name) handler(event as LiveEvent<LiveKindOf<N>>);
    }
  };
  socket.on(name, single);
  socket.on(BATCH, batch);
  return () => {
    socket.off(name, single);
    socket.off(BATCH, batch);
  };
}
