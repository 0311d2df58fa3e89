import {
  type DecodedMessage,
  type DeviceToHubKind,
  type ErrorCode,
  type MessageKind,
  type MessageOf,
  messages,
} from "@sitewatch/shared-protocol";
import type { Db } from "../db/client.js";
import type { BatchSink } from "./batch-writer.js";
import type { HandlerContext } from "./handlers/context.js";

/** Where a message came from; `camera` is set for camera-scoped kinds (the decoder guarantees it). */
export interface MessageAddr {
  site: string;
  device: string;
  camera: string;
}

/**
 * Turns one accepted message into rows for the writer. For QoS 1 the promise is the device's
 * acknowledgement: it must settle only once every row of the message is committed.
 */
export type KindHandler<K extends MessageKind> = (
  addr: MessageAddr,
  message: MessageOf<K>,
  receivedAt: number,
) => Promise<void> | undefined;

export type KindHandlers<K extends DeviceToHubKind> = { readonly [P in K]: KindHandler<P> };

/** Why a message is refused: counted under `code` like every rejected message, logged with `reason`. */
export interface Refusal {
  code: ErrorCode;
  reason: string;
}

/**
 * A module's own test of a valid message before it is broadcast or stored (file contents, quotas):
 * undefined lets it through. Runs in admission, after the duplicate and sequence checks.
 */
export type KindCheck<K extends MessageKind> = (
  addr: MessageAddr,
  message: MessageOf<K>,
) => Promise<Refusal | undefined>;

/** What a running module offers the ingest service. */
export interface IngestParts<K extends DeviceToHubKind> {
  handlers: KindHandlers<K>;
  /** Checks of some of its kinds before admission lets them in. */
  checks?: { readonly [P in K]?: KindCheck<P> };
  /** Loads what the handlers keep in memory (e.g. the seat clock) before the first message. */
  hydrate?(db: Db): Promise<void>;
}

/**
 * A role's (or the device core's) share of ingest: the message kinds it owns, the sinks its rows go
 * to and a factory for its handlers. The ingest service only dispatches; it knows no kind by name.
 */
export interface IngestModule<K extends DeviceToHubKind = DeviceToHubKind> {
  readonly name: string;
  readonly kinds: readonly K[];
  // biome-ignore lint/suspicious/noExplicitAny: a module writes rows of several types.
  readonly sinks: readonly BatchSink<any, Db>[];
  /**
   * Kinds whose stored row advances devices.last_seq inside its own statement; for every other
   * sequenced kind ingest queues a separate sequence row that commits with the event.
   */
  readonly sequenceInRow?: readonly K[];
  create(ctx: HandlerContext): IngestParts<K>;
}

/** Any module, whatever kinds it owns: a list of modules is checked for coverage by the role table. */
// biome-ignore lint/suspicious/noExplicitAny: modules own different kinds.
export type AnyIngestModule = IngestModule<any>;

/** The kinds a list of modules owns, as a type: the role table checks it covers every device kind. */
export type KindsOf<M> = M extends IngestModule<infer K> ? K : never;

type AnyHandler = (addr: MessageAddr, message: unknown, receivedAt: number) => Promise<void> | undefined;
type AnyCheck = (addr: MessageAddr, message: unknown) => Promise<Refusal | undefined>;

const addrOf = (msg: DecodedMessage): MessageAddr => ({
  site: msg.address.site,
  device: msg.address.device,
  camera: msg.address.camera ?? "",
});

/** One handler per device-to-hub kind, from the modules; a kind claimed twice is a wiring error. */
export class KindDispatch {
  private readonly handlers = new Map<MessageKind, AnyHandler>();
  private readonly checks = new Map<MessageKind, AnyCheck>();
  readonly sequenceInRow = new Set<MessageKind>();
  private readonly hydrators: Array<(db: Db) => Promise<void>> = [];

  constructor(modules: readonly AnyIngestModule[], ctx: HandlerContext) {
    for (const module of modules) {
      const parts = module.create(ctx);
      for (const kind of module.kinds) {
        if (this.handlers.has(kind)) throw new Error(`message kind ${kind} is claimed by two ingest modules`);
        this.handlers.set(kind, (parts.handlers as Record<string, AnyHandler>)[kind] as AnyHandler);
      }
      for (const [kind, check] of Object.entries(parts.checks ?? {})) {
        if (check) this.checks.set(kind as MessageKind, check as AnyCheck);
      }
      for (const kind of module.sequenceInRow ?? []) this.sequenceInRow.add(kind);
      if (parts.hydrate) this.hydrators.push(parts.hydrate.bind(parts));
    }
  }

  async hydrate(db: Db): Promise<void> {
    for (const load of this.hydrators) await load(db);
  }

  /** A hub-to-device topic published by a device (the broker's ACL stops that) is ignored, not stored. */
  dispatch(msg: DecodedMessage, receivedAt: number): Promise<void> | undefined {
    if (messages[msg.kind].direction === "hub-to-device") return undefined;
    const handler = this.handlers.get(msg.kind);
    if (!handler) throw new Error(`no ingest module handles ${msg.kind}`);
    return handler(addrOf(msg), msg.message, receivedAt);
  }

  /** The owning module's check of `msg`, or undefined when its kind has none. */
  check(msg: DecodedMessage): Promise<Refusal | undefined> | undefined {
    return this.checks.get(msg.kind)?.(addrOf(msg), msg.message);
  }
}

/** Every module's sinks in table order: the fixed order in which one flush writes them. */
export function sinksOf(modules: readonly AnyIngestModule[]): AnyIngestModule["sinks"] {
  return modules.flatMap((m) => m.sinks);
}
