/** See MqttTransport.onMessage. */
export type MessageHandler = (topic: string, payload: Buffer, qos: 0 | 1 | 2) => void | Promise<void>;

/**
 * How the hub reaches devices: the embedded aedes broker (in-process) or an external broker such as
 * Mosquitto (through an MQTT client with shared subscriptions). Ingest and commands depend only on this.
 */
export interface MqttTransport {
  readonly kind: "embedded" | "external" | "nats";
  /**
   * Registers the handler for every device-to-hub message; set before start(). For a QoS 1 message the
   * handler's promise resolves once the message is stored for good: only then does the transport
   * acknowledge it (PUBACK to the device, or ack to the broker), and if it rejects the message stays
   * unacknowledged and is delivered again. Meanwhile the transport keeps other messages in flight (the
   * database writer commits what is pending together), but reads no more from a connection whose
   * messages are still open: that is how ingest pushes back on devices while the database is behind.
   */
  onMessage(handler: MessageHandler): void;
  publish(topic: string, payload: string | Buffer, opts: { qos: 0 | 1; retain?: boolean }): Promise<void>;
  /** Number of connected MQTT clients (embedded broker only; external returns null). */
  connectedClients(): number | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}
