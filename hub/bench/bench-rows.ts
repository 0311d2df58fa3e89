import type { BenchRow } from "@sitewatch/testkit/bench";
import type { ManyResult, PhaseResult } from "./bench-protocol.js";
import type { FlushTotals, StoredCounts } from "./db-probe.js";
import type { LatencySummary } from "./latency.js";
import type { ProcessSample } from "./process-sampler.js";

export interface HubPhase {
  load: PhaseResult;
  hub: ProcessSample;
  /** The hub's flush histograms over the phase. */
  flush: FlushTotals;
  /** CPU of the PostgreSQL processes over the phase, % of one core. */
  dbCpuPct: number;
  /** CPU the rest of the machine used meanwhile (other programs), % of one core. */
  otherCpuPct: number;
}

export interface Measured {
  devices: number;
  enrolMsPerDevice: number;
  raw: PhaseResult;
  /** The process running the plain aedes broker (this one) during the raw baseline. */
  rawBroker: ProcessSample;
  steps: Array<HubPhase & { rate: number }>;
  max: HubPhase;
  seed: HubPhase & { clients: number; perClientRate: number };
  many: {
    rssBeforeMb: number;
    connect: ManyResult;
    hold: ManyResult;
    /** While the devices log in. */
    connectHub: ProcessSample;
    /** Once all are connected, sending heartbeats. */
    holdHub: ProcessSample;
  };
  seat: { sent: number; stored: StoredCounts };
  attention: { sent: number; stored: number };
  rejected: number;
}

const round = (v: number, digits = 0) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : Number.NaN);
const ms = (v: number) => round(v, v < 10 ? 2 : v < 100 ? 1 : 0);
const perSecond = (count: number, spanMs: number) => round(count / (spanMs / 1000));

function latencyRows(
  prefix: string,
  s: LatencySummary,
  which: Array<keyof LatencySummary>,
  target: Partial<Record<keyof LatencySummary, string>> = {},
): BenchRow[] {
  return which.map((k) => ({ name: `${prefix} ${k}`, value: ms(s[k]), unit: "ms", target: target[k] }));
}

function hubRows(prefix: string, p: HubPhase): BenchRow[] {
  const flushes = p.flush.flushes;
  return [
    { name: `${prefix}: hub CPU (of one core)`, value: round(p.hub.cpuPct), unit: "%" },
    { name: `${prefix}: PostgreSQL CPU (of one core)`, value: round(p.dbCpuPct), unit: "%" },
    { name: `${prefix}: load process CPU (of one core)`, value: round(p.load.loadCpuPct), unit: "%" },
    {
      name: `${prefix}: other programs' CPU meanwhile (of one core)`,
      value: round(p.otherCpuPct),
      unit: "%",
    },
    { name: `${prefix}: hub RSS peak`, value: round(p.hub.rssMaxMb), unit: "MB" },
    { name: `${prefix}: hub event-loop delay p99`, value: ms(p.hub.loopP99Ms), unit: "ms" },
    {
      name: `${prefix}: flush avg (rows/flush)`,
      value: ms(flushes ? (p.flush.seconds * 1000) / flushes : Number.NaN),
      unit: `ms (${round(flushes ? p.flush.rows / flushes : 0)} rows)`,
    },
    { name: `${prefix}: load process event-loop delay p99`, value: ms(p.load.loadLoopP99Ms), unit: "ms" },
  ];
}

/** The table written to docs/benchmarks.md, in the order the run measured it. */
export function benchRows(m: Measured): BenchRow[] {
  const rawRate = perSecond(m.raw.dashboard.n, m.raw.deliverySpanMs);
  const maxStored = perSecond(m.max.load.commit.n, m.max.load.spanMs);
  const rows: BenchRow[] = [
    {
      name: `set-up: ${m.devices} devices enrolled via POST /api/v1/devices/enroll`,
      value: round(m.enrolMsPerDevice),
      unit: "ms/device",
    },
    { name: "raw aedes relay (no auth, no hub), max rate, 1 subscriber", value: rawRate, unit: "msg/s" },
    ...latencyRows("raw relay: publish → subscriber", m.raw.dashboard, ["p50", "p95", "p99"]),
    { name: "raw relay: broker process CPU (of one core)", value: round(m.rawBroker.cpuPct), unit: "%" },
    { name: "raw relay: load process CPU (of one core)", value: round(m.raw.loadCpuPct), unit: "%" },
  ];
  for (const s of m.steps) {
    const p = `hub @ ${s.rate.toLocaleString("en-US")}/s`;
    const five = s.rate === 5_000;
    rows.push(
      { name: `${p}: published`, value: perSecond(s.load.sent, s.load.sendMs), unit: "events/s" },
      { name: `${p}: stored`, value: perSecond(s.load.commit.n, s.load.spanMs), unit: "events/s" },
      ...latencyRows(
        `${p}: publish → dashboard`,
        s.load.dashboard,
        ["p50", "p95", "p99"],
        five ? { p99: "< 50 ms" } : {},
      ),
      ...latencyRows(`${p}: publish → row committed`, s.load.commit, ["p50", "p95", "p99"]),
      // A PUBACK now waits for the commit of the event's row (ack after commit).
      ...latencyRows(`${p}: publish → PUBACK`, s.load.puback, ["p50", "p99"], five ? { p99: "< 50 ms" } : {}),
      ...hubRows(p, s),
    );
  }
  rows.push(
    {
      name: "hub max rate: stored (first publish → last commit)",
      value: maxStored,
      unit: "events/s",
      target: "≥ 20,000",
    },
    {
      name: "hub max rate: delivered to dashboard",
      value: perSecond(m.max.load.dashboard.n, m.max.load.deliverySpanMs),
      unit: "events/s",
    },
    {
      name: "hub max rate: stored ÷ raw relay",
      value: round((maxStored / rawRate) * 100, 1),
      unit: "%",
      target: "≥ 50 %",
    },
    ...latencyRows("hub max rate: publish → dashboard", m.max.load.dashboard, ["p50", "p99"]),
    ...latencyRows("hub max rate: publish → row committed", m.max.load.commit, ["p50", "p99"]),
    ...latencyRows("hub max rate: publish → PUBACK", m.max.load.puback, ["p50", "p99"]),
    ...hubRows("hub max rate", m.max),
  );
  const seedName = `seed-000 (${m.seed.clients} MQTT/WebSocket clients × ${m.seed.perClientRate}/s)`;
  rows.push(
    // Includes the commit of the event's row since the PUBACK waits for it; the reference server stored nothing.
    ...latencyRows(`${seedName}: publish → PUBACK`, m.seed.load.puback, ["avg", "p95", "p99"], {
      avg: "reference 9.31 ms",
      p95: "< 11.13 ms (reference)",
    }),
    ...latencyRows(`${seedName}: publish → dashboard`, m.seed.load.dashboard, ["avg", "p95", "p99"], {
      avg: "reference 9.31 ms",
      p95: "< 5 ms (reference 11.13 ms)",
    }),
    { name: `${seedName}: hub CPU (of one core)`, value: round(m.seed.hub.cpuPct), unit: "%" },
    { name: "1,000 devices: hub RSS before connecting", value: round(m.many.rssBeforeMb), unit: "MB" },
    {
      name: `1,000 devices: hub RSS peak while ${m.many.connect.connected} connect (scrypt logins)`,
      value: round(m.many.connectHub.rssMaxMb),
      unit: "MB",
    },
    {
      name: `1,000 devices: hub RSS peak with ${m.many.connect.connected} connected, heartbeats ${m.many.hold.heartbeatsAcked ?? 0}/${m.many.hold.heartbeats ?? 0} acked`,
      value: round(m.many.holdHub.rssMaxMb),
      unit: "MB",
      target: "< 400 MB",
    },
    {
      name: "1,000 devices: time to connect all (scrypt per login)",
      value: round(m.many.connect.connectMs / 1000, 1),
      unit: "s",
    },
    {
      name: "check: seatChange rows stored ÷ sent",
      value: round((m.seat.stored.rows / m.seat.sent) * 100, 3),
      unit: `% (${m.seat.stored.rows} of ${m.seat.sent})`,
      target: "100 %",
    },
    {
      name: "check: duplicate rows (same id or device+seq)",
      value: m.seat.stored.rows * 2 - m.seat.stored.distinctIds - m.seat.stored.distinctDeviceSeq,
      unit: "rows",
      target: "0",
    },
    {
      name: "check: attentionChange rows stored ÷ sent",
      value: round((m.attention.stored / m.attention.sent) * 100, 3),
      unit: `% (${m.attention.stored} of ${m.attention.sent})`,
      target: "100 %",
    },
    { name: "check: messages rejected by the hub", value: m.rejected, unit: "messages", target: "0" },
  );
  return rows;
}

/** The method paragraph printed above the table. */
export function howMeasured(o: { devices: number; window: number; maxMs: number }): string {
  return [
    "Real hub in one process (embedded aedes on 127.0.0.1, real PostgreSQL with fsync off, one instance so no",
    "Socket.IO cluster adapter; production ingest defaults: up to 500 rows per flush, 4 flushes in flight, a flush",
    "starts as soon as a slot is free (group commit) and a device's PUBACK waits for its event's commit;",
    "LOG_LEVEL silent). Devices (MQTT.js, QoS 1, valid seatChange events, distinct uuidv7 ids, per-device seq) and",
    "one socket.io-client dashboard run in a forked load process, so hub CPU/RSS are the hub's own; PostgreSQL is a",
    "third process on the same 2 cores, and the 'other programs' rows show what else the shared machine ran meanwhile.",
    `${o.devices} devices are enrolled through POST /api/v1/devices/enroll; the 1,000-device fleet is inserted directly`,
    "with one shared scrypt hash (each login is still verified with scrypt). Latencies are taken in the load process:",
    "publish → `seat:change` at the dashboard, alone or inside `live:batch` (matched by event id) and publish → commit (a benchmark-only",
    "statement trigger on seat_events NOTIFYs device+seq; Postgres delivers it at COMMIT). Stored events/s = rows",
    `committed ÷ (first publish → last commit). Max rate: each device keeps ${o.window} QoS 1 publishes unacknowledged`,
    `for ${o.maxMs / 1000} s; the raw baseline does the same against a plain aedes (no auth, no hub) relaying to one QoS 1`,
    "subscriber on `sitewatch/#`. Seed-000 publishes attentionChange over MQTT-over-WebSocket.",
    "`npm run bench -w @sitewatch/hub` (after building shared-protocol).",
  ].join(" ");
}
