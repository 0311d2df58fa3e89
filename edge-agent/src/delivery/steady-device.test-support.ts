/**
 * Child process for the fault suite (deploy/src/faults) and the NATS restart test: a device on the agent's
 * real delivery stack (outbox, persistent seq, MQTT publisher that drops an event from the outbox only
 * when the hub confirms it) that emits seat changes at a steady rate until it has emitted `total` in its
 * data dir, across restarts.
 *
 * stdout, one line each: `e <event id>` after an event is in the outbox (so the parent knows every id
 * that must reach the database, even if this process is killed right after), then, once the hub has
 * confirmed everything emitted, `stats <publisher stats as JSON>` and `drained`. Config is one JSON
 * argument.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDelivery } from "./delivery.js";

interface Config {
  url: string;
  username: string;
  password: string;
  site: string;
  device: string;
  camera: string;
  dataDir: string;
  /** Events per second. */
  rate: number;
  total: number;
}

const config = JSON.parse(process.argv[2] ?? "") as Config;
const counterFile = join(config.dataDir, "steady-emitted");
let emitted = existsSync(counterFile) ? Number(readFileSync(counterFile, "utf8")) : 0;
const delivery = openDelivery({
  site: config.site,
  device: config.device,
  dataDir: config.dataDir,
  mqtt: {
    url: config.url,
    username: config.username,
    password: config.password,
    clientId: `${config.username}:steady`,
    reconnectMinMs: 200,
    reconnectMaxMs: 1_000,
  },
  log: (message) => process.stderr.write(`${message}\n`),
});
delivery.start();
const camera = { site: config.site, device: config.device, camera: config.camera };

function emitOne(): void {
  const n = emitted + 1;
  const event = delivery.events.emit("seatChange", camera, {
    seat: `S${n % 50}`,
    from: n % 2 === 0 ? "occupied" : "empty",
    to: n % 2 === 0 ? "empty" : "occupied",
    at: Date.now(),
    confidence: 0.9,
    evidence: { persons: n % 2, objects: [] },
  });
  // The counter lags the outbox by at most this one event: a kill between the two re-emits nothing
  // twice, it only leaves one id that the parent heard of and that is in the outbox anyway.
  emitted = n;
  // Replaced whole, never truncated: a kill mid-write must not leave an empty counter.
  writeFileSync(`${counterFile}.tmp`, String(emitted));
  renameSync(`${counterFile}.tmp`, counterFile);
  process.stdout.write(`e ${event.id}\n`);
}

const period = 1_000 / config.rate;
const started = Date.now();
const startCount = emitted;
const tick = setInterval(() => {
  const due = Math.min(config.total, startCount + Math.floor((Date.now() - started) / period));
  while (emitted < due) emitOne();
  if (emitted >= config.total && delivery.outbox.stats().depth === 0) {
    clearInterval(tick);
    process.stdout.write(`stats ${JSON.stringify(delivery.publisher.stats())}\n`);
    process.stdout.write("drained\n");
  }
}, 10);

process.on("SIGTERM", () => {
  clearInterval(tick);
  void delivery.close().then(() => process.exit(0));
});
