import { join } from "node:path";
import type { DeviceAddress } from "@sitewatch/shared-protocol";
import { CommandDispatcher } from "./command-dispatcher.js";
import { EventFactory } from "./event-factory.js";
import { MqttPublisher, type PublisherOptions } from "./mqtt-publisher.js";
import { Outbox, type OutboxLimits } from "./outbox.js";
import { SequenceCounter } from "./sequence-counter.js";

export interface DeliveryOptions extends DeviceAddress {
  /** The agent's data dir: the outbox lives in `<dataDir>/outbox`, the seq counter in `<dataDir>/seq.bin`. */
  dataDir: string;
  mqtt: Omit<PublisherOptions, "outbox" | "site" | "device" | "log">;
  limits?: OutboxLimits;
  log?: (message: string) => void;
}

export interface Delivery {
  /** `events.emit(kind, address, fields)`: the one way analytics hands events to the hub. */
  events: EventFactory;
  /** Register handlers with `commands.on(kind, handler)` before `start()`. */
  commands: CommandDispatcher;
  publisher: MqttPublisher;
  outbox: Outbox;
  start(): void;
  /** The outbox figures the health heartbeat carries. */
  health(): { outboxDepth: number; outboxDropped: number };
  /** Sends `offline`, disconnects and flushes; unacknowledged events stay on disk for the next start. */
  close(): Promise<void>;
}

/** Wires outbox, seq counter, event factory, MQTT publisher and command dispatcher for one device. */
export function openDelivery(options: DeliveryOptions): Delivery {
  const address = { site: options.site, device: options.device };
  const outbox = Outbox.open(join(options.dataDir, "outbox"), options.limits);
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
      const stats = outbox.stats();
      return { outboxDepth: stats.depth, outboxDropped: stats.evicted };
    },
    close() {
      closing ??= (async () => {
        await publisher.stop();
        outbox.close();
        sequence.close();
      })();
      return closing;
    },
  };
}
