import type { CommandAck, CommandKind, CommandName, MessageInput } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import type { HubConfig } from "../config.js";
import type { Database } from "../db/client.js";
import { devices } from "../db/schema/index.js";
import { ApiError, notFound } from "../errors/api-error.js";
import type { MqttTransport } from "../mqtt/transport.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { commandNameOf, type EncodedCommand, encodeCommand } from "./command-encoding.js";
import { CommandRecords } from "./command-records.js";
import type { CommandOutcome, CommandService } from "./command-types.js";

export interface CommandServiceOptions {
  database: Database;
  transport: Pick<MqttTransport, "publish">;
  metrics: Metrics;
  logger: Logger;
  config: Pick<HubConfig, "commandTimeoutMs">;
}

type Target = { site: string; device: string };

interface Pending {
  id: string;
  name: CommandName;
  target: Target;
  waitFor: "accepted" | "completed";
  accepted: boolean;
  timer: NodeJS.Timeout;
  resolve(outcome: CommandOutcome): void;
  reject(error: Error): void;
}

/**
 * Sends commands over MQTT (QoS 1) and waits for the device's ack, keeping `device_commands` in step.
 * Acks are matched by command id *and* by the device they came from: a device cannot answer, or
 * rewrite the record of, a command sent to another device.
 */
export class MqttCommandService implements CommandService {
  private readonly pending = new Map<string, Pending>();
  private readonly records: CommandRecords;
  private stopped = false;

  constructor(private readonly opts: CommandServiceOptions) {
    this.records = new CommandRecords(opts.database);
  }

  async send<K extends CommandKind>(
    kind: K,
    target: Target,
    body: Omit<MessageInput<K>, "v" | "id" | "ts">,
    opts: { timeoutMs?: number; by?: { userId: string }; waitFor?: "accepted" | "completed" } = {},
  ): Promise<CommandOutcome> {
    if (this.stopped) throw new ApiError("INTERNAL", "the hub is shutting down");
    const timeoutMs = opts.timeoutMs ?? this.opts.config.commandTimeoutMs;
    let command: EncodedCommand;
    try {
      command = encodeCommand(kind, target, body, timeoutMs);
    } catch (err) {
      this.count(commandNameOf(kind), "invalid");
      throw err;
    }
    const { id, name, topic, payload } = command;

    const [device] = await this.opts.database.db
      .select({ online: devices.online, status: devices.status })
      .from(devices)
      .where(and(eq(devices.siteId, target.site), eq(devices.id, target.device)));
    const label = `${target.site}/${target.device}`;
    if (!device) {
      this.count(name, "unknown_device");
      throw notFound(`device ${label}`);
    }
    if (device.status === "revoked") {
      this.count(name, "revoked");
      throw new ApiError("CONFLICT", `device ${label} is revoked`);
    }
    const record = { id, ...target, name, payload: JSON.parse(payload), createdBy: opts.by?.userId };
    if (!device.online) {
      const error = { code: "DEVICE_OFFLINE", message: `device ${label} is offline` };
      // Kept, so the device's command history shows what could not be delivered.
      await this.records.insert({ ...record, status: "failed", error });
      this.count(name, "offline");
      throw new ApiError("DEVICE_OFFLINE", error.message);
    }
    await this.records.insert({ ...record, status: "sent" });

    // Waiting starts before publishing: a fast device can answer before publish() resolves.
    const outcome = new Promise<CommandOutcome>((resolve, reject) => {
      const timer = setTimeout(() => this.expire(id), timeoutMs);
      timer.unref();
      this.pending.set(id, {
        id,
        name,
        target: { ...target },
        waitFor: opts.waitFor ?? "completed",
        accepted: false,
        timer,
        resolve,
        reject,
      });
    });
    try {
      await this.opts.transport.publish(topic, payload, { qos: 1 });
    } catch (err) {
      const waiting = this.pending.get(id);
      if (waiting) clearTimeout(waiting.timer);
      this.pending.delete(id);
      const error = { code: "INTERNAL", message: `could not publish the command: ${(err as Error).message}` };
      await this.records
        .transition(id, target, ["sent"], { status: "failed", error })
        .catch((e) => this.dbError(e));
      this.count(name, "publish_error");
      throw new ApiError("INTERNAL", error.message);
    }
    return outcome;
  }

  handleAck(address: Target, ack: CommandAck): void {
    const waiting = this.pending.get(ack.command);
    if (!waiting) {
      void this.lateAck(address, ack);
      return;
    }
    if (
      waiting.target.site !== address.site ||
      waiting.target.device !== address.device ||
      waiting.name !== ack.name
    ) {
      this.count(ack.name, "foreign_ack");
      this.opts.logger.warn(
        { command: ack.command, from: address, to: waiting.target, name: ack.name },
        "ignored a command ack from a device the command was not sent to",
      );
      return;
    }
    const outcome: CommandOutcome = {
      id: waiting.id,
      status: ack.status,
      result: ack.result,
      error: ack.error,
    };
    if (ack.status !== "accepted") return void this.finish(waiting, outcome, ["sent", "accepted"]);
    if (waiting.accepted) return;
    waiting.accepted = true;
    if (waiting.waitFor === "accepted") return void this.finish(waiting, outcome, ["sent"]);
    this.records
      .transition(waiting.id, waiting.target, ["sent"], { status: "accepted" })
      .catch((err) => this.dbError(err));
  }

  stop(): void {
    this.stopped = true;
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      this.count(waiting.name, "stopped");
      waiting.reject(new ApiError("INTERNAL", "the hub is shutting down"));
    }
    this.pending.clear();
  }

  /** Commands still waiting for an answer (for tests and metrics). */
  get waiting(): number {
    return this.pending.size;
  }

  private expire(id: string): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    const error = {
      code: "COMMAND_TIMEOUT",
      message: `no answer from ${waiting.target.site}/${waiting.target.device}`,
    };
    void this.finish(waiting, { id, status: "timeout", error }, ["sent", "accepted"]);
  }

  /** Records the outcome, then resolves the caller, so what it reads from the table is already final. */
  private async finish(
    waiting: Pending,
    outcome: CommandOutcome,
    from: ("sent" | "accepted")[],
  ): Promise<void> {
    this.pending.delete(waiting.id);
    clearTimeout(waiting.timer);
    let final = outcome;
    try {
      const changed = await this.records.transition(waiting.id, waiting.target, from, outcome);
      // Another hub instance may have received the answer through the shared subscription.
      const row = changed ? undefined : await this.records.get(waiting.id);
      if (row && row.status !== "sent") {
        final = {
          id: row.id,
          status: row.status,
          result: row.result ?? undefined,
          error: row.error ?? undefined,
        } as CommandOutcome;
      }
    } catch (err) {
      this.dbError(err);
    }
    this.count(waiting.name, final.status);
    waiting.resolve(final);
  }

  /** An answer after the wait ended (or to another instance's command) still completes the record. */
  private async lateAck(address: Target, ack: CommandAck): Promise<void> {
    const from = ack.status === "accepted" ? (["sent"] as const) : (["sent", "accepted", "timeout"] as const);
    try {
      const changed = await this.records.transition(ack.command, address, from, {
        status: ack.status,
        result: ack.result,
        error: ack.error,
      });
      if (changed)
        this.opts.logger.debug({ command: ack.command, status: ack.status }, "late command ack recorded");
    } catch (err) {
      this.dbError(err);
    }
  }

  private count(name: string, outcome: string): void {
    this.opts.metrics.commands.inc({ name, outcome });
  }

  private dbError(err: unknown): void {
    this.opts.metrics.dbErrors.inc({ operation: "device_commands" });
    this.opts.logger.error({ err }, "could not update a device command");
  }
}

export function createCommandService(opts: CommandServiceOptions): MqttCommandService {
  return new MqttCommandService(opts);
}
