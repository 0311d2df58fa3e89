import type { Command, HubTarget, ManyResult, PhaseResult, Reply } from "./bench-protocol.js";
import { attentionChange, closeDevices, connectDevices, health, type SimDevice } from "./device-fleet.js";
import { EventBook, Phase } from "./event-book.js";
import { drain, logPhase, publisher } from "./load-phases.js";
import { Dashboard, listenForCommits, rawSubscriber } from "./observers.js";
import { closedLoop, fixedRate } from "./pacing.js";

// The load process: simulated devices and the dashboard, forked by ingest.bench.ts so that the hub
// process measures only itself. It does what the hub process asks, one command at a time.
const book = new EventBook();
const IN_FLIGHT_CAP = 20_000;
let hub:
  | { target: HubTarget; devices: SimDevice[]; dashboard: Dashboard; unlisten: () => Promise<void> }
  | undefined;
let many: SimDevice[] = [];

function attached() {
  if (!hub) throw new Error("not attached to a hub");
  return hub;
}

async function finish(phase: Phase, disconnectsBefore = 0): Promise<PhaseResult> {
  const result = phase.result();
  result.dashboardDisconnects = (hub?.dashboard.disconnects ?? 0) - disconnectsBefore;
  book.forget(phase);
  logPhase(result);
  return result;
}

const handlers: { [K in Command["cmd"]]: (c: Extract<Command, { cmd: K }>) => Promise<unknown> } = {
  async baseline(c) {
    const { devices } = await connectDevices({
      url: c.brokerUrl,
      site: "bench",
      camera: "cam-1",
      count: c.devices,
      concurrency: 10,
    });
    const subscriber = await rawSubscriber(c.brokerUrl, book);
    try {
      const phase = new Phase("raw relay", false);
      await closedLoop(phase, devices, c.window, c.durationMs, c.maxMessages, publisher(book, phase));
      await drain(phase, { commits: false, deliveries: true, timeoutMs: 60_000 });
      return await finish(phase);
    } finally {
      await closeDevices(devices);
      await subscriber.endAsync(true).catch(() => {});
    }
  },
  async attach({ target }) {
    const { devices, failed } = await connectDevices({
      url: target.mqttUrl,
      site: target.site,
      camera: target.camera,
      creds: target.devices,
      concurrency: 10,
    });
    if (failed > 0)
      throw new Error(`${failed} of ${target.devices.length} devices could not connect to the hub`);
    const dashboard = new Dashboard(target.httpUrl, target.token, target.site, book);
    await dashboard.ensure();
    hub = { target, devices, dashboard, unlisten: await listenForCommits(target.databaseUrl, book) };
    return { connected: devices.length };
  },
  async fixedRate(c) {
    const h = attached();
    await h.dashboard.ensure();
    const before = h.dashboard.disconnects;
    const phase = new Phase(c.label, true);
    await fixedRate(phase, h.devices, c.rate, c.durationMs, IN_FLIGHT_CAP, publisher(book, phase));
    await drain(phase, { commits: true, deliveries: true, timeoutMs: 60_000 });
    return finish(phase, before);
  },
  async maxRate(c) {
    const h = attached();
    await h.dashboard.ensure();
    const before = h.dashboard.disconnects;
    const phase = new Phase(c.label, true);
    await closedLoop(phase, h.devices, c.window, c.durationMs, c.maxMessages, publisher(book, phase));
    await drain(phase, { commits: true, deliveries: true, timeoutMs: 120_000 });
    return finish(phase, before);
  },
  async seed(c) {
    const h = attached();
    await h.dashboard.ensure();
    const before = h.dashboard.disconnects;
    const creds = h.target.devices.slice(0, c.clients);
    const ws = await connectDevices({
      url: h.target.wsUrl,
      site: h.target.site,
      camera: h.target.camera,
      creds,
      clientIdSuffix: ":ws",
      concurrency: 10,
    });
    try {
      if (ws.failed > 0) throw new Error(`${ws.failed} WebSocket clients could not connect`);
      const phase = new Phase("seed-000", false);
      const send = publisher(book, phase, attentionChange, (d) => d.attentionTopic);
      // Taking the clients in turn at clients × rate per second gives each client its own even 33 ms beat.
      await fixedRate(phase, ws.devices, c.clients * c.perClientRate, c.durationMs, IN_FLIGHT_CAP, send);
      await drain(phase, { commits: false, deliveries: true, timeoutMs: 30_000 });
      return await finish(phase, before);
    } finally {
      await closeDevices(ws.devices);
    }
  },
  async connectMany(c) {
    const started = performance.now();
    const result = await connectDevices({
      url: c.mqttUrl,
      site: c.site,
      camera: "cam-1",
      creds: c.devices,
      concurrency: c.concurrency,
      keepaliveS: 30,
    });
    many = result.devices;
    return {
      connected: many.length,
      failed: result.failed,
      connectMs: performance.now() - started,
    } satisfies ManyResult;
  },
  async holdMany(c) {
    // Low background traffic: one health report per device per heartbeat interval, spread evenly.
    const phase = new Phase("heartbeats", false);
    const rate = many.length / (c.heartbeatMs / 1000);
    const send = publisher(book, phase, health, (d) => d.healthTopic);
    await fixedRate(phase, many, rate, c.holdMs, IN_FLIGHT_CAP, send);
    await drain(phase, { commits: false, deliveries: false, timeoutMs: 10_000 });
    book.forget(phase);
    return { heartbeats: phase.sent, heartbeatsAcked: phase.acked };
  },
  async disconnectMany() {
    await closeDevices(many);
    const closed = many.length;
    many = [];
    return { closed };
  },
  async detach() {
    await shutdown();
    return {};
  },
};

async function shutdown(): Promise<void> {
  const h = hub;
  hub = undefined;
  h?.dashboard.close();
  await Promise.allSettled([closeDevices(many), h ? closeDevices(h.devices) : undefined, h?.unlisten()]);
  many = [];
}

process.on("message", (m: { id: number; command: Command }) => {
  const run = handlers[m.command.cmd] as (c: Command) => Promise<unknown>;
  run(m.command).then(
    (value) => process.send?.({ id: m.id, ok: true, value } satisfies Reply),
    (err: unknown) =>
      process.send?.({ id: m.id, ok: false, error: (err as Error).stack ?? String(err) } satisfies Reply),
  );
});
// The hub process is gone (finished or crashed): nothing is left to measure for.
process.on("disconnect", () => {
  void shutdown().finally(() => process.exit(0));
});
// A last bound in case the hub process hangs without closing the channel.
setTimeout(() => process.exit(2), 15 * 60_000).unref();
