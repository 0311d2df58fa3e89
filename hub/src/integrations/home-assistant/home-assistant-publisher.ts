import { readFile } from "node:fs/promises";
import type { HomeAssistantSettings } from "../../config-integrations.js";
import type { DomainEventSource } from "../../events/domain-events.js";
import { writeFileAtomic } from "../../files/atomic-file.js";
import type { MqttTransport } from "../../mqtt/transport.js";
import type { Logger } from "../../observability/logger.js";
import { discoveryConfigs } from "./ha-entities.js";
import type { HaCamera, HaDevice, HaInventory, HaInventorySource, HaSeat } from "./ha-inventory.js";
import { cameraPayload, devicePayload, gateEntryOf, gatePayload, seatPayload } from "./ha-states.js";
import { HaTopics } from "./ha-topics.js";

export interface HomeAssistantOptions {
  settings: HomeAssistantSettings;
  transport: Pick<MqttTransport, "kind" | "publish">;
  events: DomainEventSource;
  inventory: HaInventorySource;
  logger: Logger;
  /** The hub's version, announced as the discovery origin. */
  version: string;
  /**
   * Remembers which configs are out there, so one whose seat or camera was removed while the hub was
   * down is still cleared at the next start (a broker such as Mosquitto keeps retained messages).
   */
  stateFile?: string;
  /** Inventory re-read period; default 60 s. Events that name something unknown re-read it sooner. */
  resyncMs?: number;
  debounceMs?: number;
}

const key = (...ids: string[]) => ids.join("/");

/**
 * Publishes Home Assistant MQTT discovery for every seat, camera, gate camera and device, and keeps
 * their retained state topics current from the hub's event bus: what ingest accepted, already checked,
 * rather than the raw device topics. The inventory (what exists) comes from the database and is
 * re-read periodically and whenever an event names a seat, camera or device it does not hold (a device
 * restates its seats after a configuration change), so a removed seat or camera has its retained
 * config cleared with an empty retained payload. Publishing goes through the hub's transport: the
 * embedded broker or an external MQTT broker; NATS is refused by the configuration.
 */
export class HomeAssistantPublisher {
  private readonly topics: HaTopics;
  private readonly log: Logger;
  /** Topic → payload last published, configs and states alike, so unchanged ones are not resent. */
  private readonly published = new Map<string, string>();
  /** Config topic → its state topic, for every config that is out there. */
  private readonly configs = new Map<string, string>();
  private devices = new Map<string, HaDevice>();
  private cameras = new Map<string, HaCamera>();
  private seats = new Map<string, HaSeat>();
  private offs: Array<() => void> = [];
  private sending: Promise<void> = Promise.resolve();
  private reconciling: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;

  constructor(private readonly opts: HomeAssistantOptions) {
    if (opts.transport.kind === "nats")
      throw new Error("Home Assistant discovery needs an MQTT broker, not NATS");
    this.topics = new HaTopics(opts.settings);
    this.log = opts.logger.child({ component: "home-assistant" });
  }

  async start(): Promise<void> {
    for (const [config, state] of await this.readStateFile()) this.configs.set(config, state);
    const { events } = this.opts;
    this.offs = [
      events.on("seatChange", (e) => this.seatChanged(e.site, e.data.seat, e.data.to, e.data.at)),
      events.on("seatSnapshot", (e) => {
        const listed = new Set(e.data.seats.map((s) => s.seat));
        for (const s of e.data.seats) this.seatChanged(e.site, s.seat, s.state, s.since);
        const gone = [...this.seats.values()].some(
          (s) => s.site === e.site && s.device === e.device && s.camera === e.camera && !listed.has(s.id),
        );
        if (gone) this.schedule();
      }),
      events.on("availability", (e) => {
        const device = this.devices.get(key(e.site, e.device));
        if (!device || (e.data.agentVersion && e.data.agentVersion !== device.agentVersion)) this.schedule();
        if (device) this.send(this.topics.device(e.site, e.device), devicePayload(e.data.state === "online"));
      }),
      events.on("cameraStatus", (e) => {
        const camera = this.cameras.get(key(e.site, e.device, e.camera ?? ""));
        if (!camera) return this.schedule();
        this.send(
          this.topics.camera(e.site, e.device, camera.id),
          cameraPayload(e.data.state, e.data.reason),
        );
      }),
      events.on("gateEntry", (e) => {
        const camera = this.cameras.get(key(e.site, e.device, e.camera ?? ""));
        const entry = gateEntryOf(e.data);
        if (camera?.role !== "gate" || !entry) return;
        this.send(this.topics.gate(e.site, e.device, camera.id), gatePayload(entry));
      }),
    ];
    this.send(this.topics.hubStatus(), "online");
    await this.resync();
    this.timer = setInterval(() => this.schedule(), this.opts.resyncMs ?? 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    for (const off of this.offs) off();
    this.offs = [];
    clearInterval(this.timer);
    clearTimeout(this.soon);
    await this.reconciling;
    this.send(this.topics.hubStatus(), "offline");
    await this.sending;
  }

  /** Re-reads the inventory and publishes what changed; resolves once the broker has it. */
  resync(): Promise<void> {
    this.reconciling = this.reconciling
      .then(() => this.reconcile())
      .catch((err: unknown) => this.log.warn({ err }, "home assistant discovery not updated"));
    return this.reconciling.then(() => this.sending);
  }

  private schedule(): void {
    if (this.soon || this.offs.length === 0) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.resync();
    }, this.opts.debounceMs ?? 300);
  }

  private seatChanged(site: string, id: string, state: HaSeat["state"], since: number): void {
    const seat = this.seats.get(key(site, id));
    if (!seat) {
      this.schedule();
      return;
    }
    Object.assign(seat, { state, since });
    this.send(this.topics.seat(site, id), seatPayload(seat));
  }

  private async reconcile(): Promise<void> {
    const inventory = await this.opts.inventory.load();
    const wanted = discoveryConfigs({ topics: this.topics, version: this.opts.version }, inventory);
    const wantedStates = new Set(wanted.map((d) => d.stateTopic));
    const before = [...this.configs.keys()].sort().join("\n");
    for (const d of wanted) {
      this.send(d.topic, JSON.stringify(d.config));
      this.configs.set(d.topic, d.stateTopic);
    }
    const kept = new Set(wanted.map((d) => d.topic));
    for (const [config, state] of this.configs) {
      if (kept.has(config)) continue;
      this.clear(config);
      if (!wantedStates.has(state)) this.clear(state);
      this.configs.delete(config);
    }
    await this.restate(inventory);
    if ([...this.configs.keys()].sort().join("\n") !== before) await this.writeStateFile();
  }

  /** Adopts the inventory; states come from it only for entities that have none published yet. */
  private async restate(inventory: HaInventory): Promise<void> {
    const t = this.topics;
    this.devices = new Map(inventory.devices.map((d) => [key(d.site, d.id), d]));
    this.cameras = new Map(inventory.cameras.map((c) => [key(c.site, c.device, c.id), c]));
    const seats = new Map<string, HaSeat>();
    for (const seat of inventory.seats) {
      const live = this.seats.get(key(seat.site, seat.id));
      const topic = t.seat(seat.site, seat.id);
      // The database lags the bus (ingest writes after it emits), so a published state stays.
      const current =
        live && this.published.has(topic) ? { ...seat, state: live.state, since: live.since } : seat;
      seats.set(key(seat.site, seat.id), current);
      this.sendNew(topic, () => seatPayload(current));
    }
    this.seats = seats;
    for (const d of inventory.devices) this.sendNew(t.device(d.site, d.id), () => devicePayload(d.online));
    for (const c of inventory.cameras) {
      this.sendNew(t.camera(c.site, c.device, c.id), () => cameraPayload(c.state, c.reason));
      const gate = t.gate(c.site, c.device, c.id);
      if (c.role !== "gate" || this.published.has(gate)) continue;
      const entry = await this.opts.inventory.lastGateEntry(c.site, c.device, c.id);
      if (entry) this.sendNew(gate, () => gatePayload(entry));
    }
  }

  private sendNew(topic: string, payload: () => string): void {
    if (!this.published.has(topic)) this.send(topic, payload());
  }

  /** Retained, in call order; a payload equal to the last one is not sent again. */
  private send(topic: string, payload: string): void {
    if (this.published.get(topic) === payload) return;
    this.published.set(topic, payload);
    this.enqueue(topic, payload);
  }

  /** An empty retained payload deletes the retained message: Home Assistant removes the entity. */
  private clear(topic: string): void {
    this.published.delete(topic);
    this.enqueue(topic, "");
  }

  private enqueue(topic: string, payload: string): void {
    const { transport } = this.opts;
    this.sending = this.sending
      .then(() => transport.publish(topic, payload, { qos: 1, retain: true }))
      .catch((err: unknown) => this.log.warn({ err, topic }, "home assistant publish failed"));
  }

  private async readStateFile(): Promise<Array<[string, string]>> {
    if (!this.opts.stateFile) return [];
    try {
      const saved = JSON.parse(await readFile(this.opts.stateFile, "utf8")) as { configs?: unknown };
      return Object.entries((saved.configs ?? {}) as Record<string, string>);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.log.warn({ err }, "unreadable state file");
      return [];
    }
  }

  private async writeStateFile(): Promise<void> {
    if (!this.opts.stateFile) return;
    const configs = Object.fromEntries([...this.configs].sort(([a], [b]) => a.localeCompare(b)));
    await writeFileAtomic(this.opts.stateFile, `${JSON.stringify({ configs }, null, 2)}\n`);
  }
}
