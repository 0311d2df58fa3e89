import type { MqttClient } from "mqtt";

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void) => void;
type Internals = { _sendPacket: SendPacket };

/**
 * Holds mqtt.js' PUBACKs until the message they acknowledge is stored. mqtt.js handles one incoming
 * message at a time and writes its PUBACK as soon as `handleMessage` calls back; waiting there for a
 * database commit would cap the hub at one commit per message. So `handleMessage` calls back at once
 * (the next message is read and queued for the same group commit), and the PUBACK it triggers is
 * caught here and sent when the stored promise resolves, in the order the messages arrived (MQTT 4.6).
 * A message whose store failed is never acknowledged: the broker delivers it again after a reconnect.
 * This reaches into mqtt.js 5.x internals (`_sendPacket`); the external-transport tests fail if it moves.
 */
export class DeferredPubacks {
  private readonly pending = new Map<number, Promise<void>>();
  private chain: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private open = 0;

  /** Patches `client` so PUBACKs of held messages wait; call once per client object. */
  attach(client: MqttClient): void {
    const internals = client as unknown as Internals;
    const send = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, ...rest: unknown[]) => {
      const stored = packet.cmd === "puback" ? this.pending.get(packet.messageId ?? -1) : undefined;
      if (!stored) return (send as (...args: unknown[]) => void)(packet, cb, ...rest);
      this.pending.delete(packet.messageId ?? -1);
      const generation = this.generation;
      this.open += 1;
      const settled = Promise.allSettled([this.chain, stored]).then(([, result]) => {
        this.open -= 1;
        // A PUBACK for an earlier connection would acknowledge whatever now has that message id.
        if (result.status === "fulfilled" && generation === this.generation && client.connected) send(packet);
      });
      this.chain = settled;
      // Let mqtt.js go on to the next message now.
      cb?.();
    };
  }

  /** Registers the store of message `messageId`; its PUBACK goes out when `stored` resolves. */
  hold(messageId: number, stored: Promise<void>): void {
    this.pending.set(messageId, stored);
  }

  /** The connection is gone: held acknowledgements are void (the broker redelivers those messages). */
  reset(): void {
    this.generation += 1;
    this.pending.clear();
  }

  /** Acknowledgements still waiting for their store. */
  get waiting(): number {
    return this.open;
  }
}
