/**
 * How the hub reaches devices: the embedded aedes broker (in-process) or an external broker such as
 * Mosquitto (through an MQTT client with shared subscriptions). Ingest and commands depend only on this.
 */
export interface MqttTransport {
  readonly kind: "embedded" | "external";
  /**
   * Registers the handler for every device-to-hub message; set before start(). When the handler returns a
   * promise, the transport waits for it before reading more from that connection: that is how ingest
   * pushes back on devices while the database is behind.
   */
  onMessage(handler: (topic: string, payload: Buffer) => void | Promise<void>): void;
  publish(topic: string, payload: string | Buffer, opts: { qos: 0 | 1; retain?: boolean }): Promise<void>;
  /** Number of connected MQTT clients (embedded broker only; external returns null). */
  connectedClients(): number | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}
