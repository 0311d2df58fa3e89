import { join } from "node:path";
import type { DeviceAddress } from "@sitewatch/shared-protocol";
import type { LogLine } from "../logging/log-line.js";
import { CommandDispatcher } from "./command-dispatcher.js";
import { EventFactory } from "./event-factory.js";
import { MqttPublisher, type PublisherOptions } from "./mqtt-publisher.js";
import { Outbox, type OutboxLimits } from "./outbox.js";
import { resolveLimits } from "./outbox-limits.js";
import { SequenceCounter } from "./sequence-counter.js";
import type { StorageStatus } from "./storage-errors.js";

export interface DeliveryOptions extends DeviceAddress {
  /** The agent's data dir: the outbox lives in `<dataDir>/outbox`, the seq counter in `<dataDir>/seq.bin`. */
  dataDir: string;
  mqtt: Omit<PublisherOptions, "outbox" | "site" | "device" | "log">;
  limits?: OutboxLimits;
  log?: LogLine;
}

export interface DeliveryHealth {
  outboxDepth: number;
  /** Every event dropped unsent: evicted at the outbox's bounds, or refused by the disk past the memory bound. */
  outboxDropped: number;
  /** Of outboxDepth, records the broker acknowledged that the hub has not confirmed yet. */
  outboxUnconfirmed: number;
  storage: Pick<StorageStatus, "state" | "heldInMemory" | "droppedEvents" | "error">;
}

export interface Delivery {
  /** `events.emit(kind, address, fields)`: the one way analytics hands events to the hub. */
  events: EventFactory;
  /** Register handlers with `commands.on(kind, handler)` before `start()`. */
  commands: CommandDispatcher;
  publisher: MqttPublisher;
  outbox: Outbox;
  start(): void;
  /** The outbox and storage figures the health heartbeat carries. */
  health(): DeliveryHealth;
  /** Sends `offline`, disconnects and flushes; unconfirmed events stay on disk for the next start. */
  close(): Promise<void>;
}

/** Wires outbox, seq counter, event factory, MQTT publisher and command dispatcher for one device. */
export function openDelivery(options: DeliveryOptions): Delivery {
  const address = { site: options.site, device: options.device };
  const outbox = Outbox.open(join(options.dataDir, "outbox"), options.limits);
  const memoryBound = resolveLimits(options.limits ?? {}).memoryRecords;
  const reportStorage = (problem: { error: string } | undefined, writtenBack: number) =>
    options.log?.(
      problem
        ? `storage: ${problem.error}; holding new events in memory (at most ${memoryBound}) until the disk takes writes again`
        : `storage: the disk takes writes again; ${writtenBack} events held in memory are on disk now`,
      { level: problem ? "warn" : "info" },
    );
  outbox.onStorageChange(reportStorage);
  const opened = outbox.stats().storage;
  if (opened.state !== "ok") reportStorage({ error: opened.error ?? opened.state }, 0);
  let sequence: SequenceCounter;
  try {
    sequence = SequenceCounter.open(options.dataDir, options.limits?.fsyncIntervalMs);
  } catch (err) {
    outbox.close();
    throw err;
  }
  const events = new EventFactory(outbox, sequence);
  const publisher = new MqttPublisher({ ...options.mqtt, ...address, outbox, log: options.log });
  const commands = new CommandDispatcher(address, events, options.log);
  let started = false;
  let closing: Promise<void> | undefined;
  return {
    events,
    commands,
    publisher,
    outbox,
    start() {
      if (started) return;
      started = true;
      commands.attach(publisher);
      publisher.start();
    },
    health() {
      const { depth, evicted, storage } = outbox.stats();
      const { state, heldInMemory, droppedEvents, error } = storage;
      return {
        outboxDepth: depth,
        outboxDropped: evicted + droppedEvents,
        outboxUnconfirmed: publisher.stats().unconfirmed,
        storage: { state, heldInMemory, droppedEvents, ...(error ? { error } : {}) },
      };
    },
    close() {
      closing ??= (async () => {
        await publisher.stop();
        const lost = outbox.close();
        if (lost > 0)
          options.log?.(`storage: ${lost} events held in memory were lost: the disk still refused them`, {
            level: "error",
          });
        sequence.close();
      })();
      return closing;
    },
  };
}
