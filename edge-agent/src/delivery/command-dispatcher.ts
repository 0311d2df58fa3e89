import {
  type CommandKind,
  type CommandName,
  commandNameSchema,
  type DeviceAddress,
  decodeMessage,
  deviceCommandFilter,
  type ErrorCode,
  eventIdSchema,
  isCommandKind,
  type MessageOf,
  messages,
} from "@sitewatch/shared-protocol";
import type { LogLine } from "../logging/log-line.js";
import type { EventFactory } from "./event-factory.js";

/** What a handler returns becomes the `result` of the `completed` ack; throwing makes it `failed`. */
export type CommandHandler<K extends CommandKind> = (
  command: MessageOf<K>,
) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

export interface CommandStats {
  received: number;
  /** Commands that failed to decode (bad JSON, schema, version, unknown command topic). */
  malformed: number;
  completed: number;
  failed: number;
  /** Redeliveries of a command id already seen (QoS 1), answered without running the handler again. */
  duplicates: number;
}

export interface CommandSource {
  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): void;
}

type FinalAck =
  | { status: "completed"; result?: Record<string, unknown> }
  | { status: "failed"; error: AckError };
type AckError = { code: ErrorCode; message: string };

const REMEMBERED = 256;

/**
 * Receives the hub's commands on `<device>/cmd/+`, runs the registered handler and answers with
 * commandAck events: `accepted` at once, then `completed` or `failed`. Acks go through the outbox like
 * every event, so an answer is not lost when the link drops right after the command arrived. Nothing a
 * hub sends can throw out of here: bad input is counted and answered with its protocol error code.
 */
export class CommandDispatcher {
  private readonly handlers = new Map<CommandKind, CommandHandler<CommandKind>>();
  private readonly seen = new Map<string, FinalAck | "running">();
  private readonly counts: CommandStats = {
    received: 0,
    malformed: 0,
    completed: 0,
    failed: 0,
    duplicates: 0,
  };

  constructor(
    private readonly address: DeviceAddress,
    private readonly events: EventFactory,
    private readonly log: LogLine = () => {},
  ) {}

  on<K extends CommandKind>(kind: K, handler: CommandHandler<K>): this {
    this.handlers.set(kind, handler as unknown as CommandHandler<CommandKind>);
    return this;
  }

  attach(source: CommandSource): void {
    source.subscribe(deviceCommandFilter(this.address), (topic, payload) => void this.handle(topic, payload));
  }

  stats(): CommandStats {
    return { ...this.counts };
  }

  async handle(topic: string, payload: Uint8Array): Promise<void> {
    this.counts.received += 1;
    try {
      const decoded = decodeMessage(topic, payload);
      if (!decoded.ok || !isCommandKind(decoded.kind)) {
        this.counts.malformed += 1;
        const error: AckError = decoded.ok
          ? { code: "UNKNOWN_TOPIC", message: `${decoded.kind} is not a command` }
          : { code: decoded.error.code, message: decoded.error.message.slice(0, 500) };
        this.answerMalformed(topic, payload, error);
        return;
      }
      const command = decoded.message as MessageOf<CommandKind>;
      const name = messages[decoded.kind].path.slice("cmd/".length) as CommandName;
      const previous = this.seen.get(command.id);
      if (previous !== undefined) {
        this.counts.duplicates += 1;
        if (previous !== "running") this.ack(command.id, name, previous);
        return;
      }
      this.remember(command.id, "running");
      const handler = this.handlers.get(decoded.kind);
      if (!handler) {
        this.finish(command.id, name, failed("COMMAND_FAILED", `this device has no handler for ${name}`));
        return;
      }
      this.ack(command.id, name, { status: "accepted" });
      try {
        const result = await handler(command);
        this.finish(command.id, name, result ? { status: "completed", result } : { status: "completed" });
      } catch (err) {
        this.finish(command.id, name, failed("COMMAND_FAILED", (err as Error)?.message ?? String(err)));
      }
    } catch (err) {
      // Only an ack that cannot be encoded or queued ends up here; log it rather than crash the agent.
      this.log(`command on ${topic} could not be answered: ${(err as Error).message}`, { level: "error" });
    }
  }

  /** A command that does not decode can still be answered if its id and name are recognisable. */
  private answerMalformed(topic: string, payload: Uint8Array, error: AckError): void {
    const name = commandNameSchema.safeParse(topic.split("/").at(-1));
    let id: unknown;
    try {
      id = (JSON.parse(Buffer.from(payload).toString("utf8")) as { id?: unknown })?.id;
    } catch {
      id = undefined;
    }
    const commandId = eventIdSchema.safeParse(id);
    if (!name.success || !commandId.success) {
      this.log(`dropped unanswerable command on ${topic}: ${error.code}: ${error.message}`, {
        level: "warn",
      });
      return;
    }
    this.counts.failed += 1;
    this.ack(commandId.data, name.data, { status: "failed", error });
  }

  private finish(id: string, name: CommandName, ack: FinalAck): void {
    this.counts[ack.status] += 1;
    this.remember(id, ack);
    this.ack(id, name, ack);
  }

  private ack(command: string, name: CommandName, ack: FinalAck | { status: "accepted" }): void {
    this.events.emit("commandAck", this.address, { command, name, ...ack });
  }

  private remember(id: string, value: FinalAck | "running"): void {
    this.seen.delete(id);
    this.seen.set(id, value);
    // Map keeps insertion order, so the first key is the oldest: a small LRU without a dependency.
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.keys().next().value as string);
  }
}

function failed(code: ErrorCode, message: string): FinalAck {
  return { status: "failed", error: { code, message: message.slice(0, 500) } };
}
