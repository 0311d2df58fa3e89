import { setTimeout as sleep } from "node:timers/promises";
import type { Phase } from "./event-book.js";

/** Publishes one event of `device`, calling `onAck` at its PUBACK (or failure). */
export type SendOne<D> = (device: D, onAck: () => void) => void;

/**
 * Open loop at a fixed total rate: every millisecond or so, publish what the schedule says is due,
 * taking devices in turn. The schedule does not slow down when the hub does (that is what a fleet of
 * cameras does too), but more than `inFlightCap` unacknowledged events skip their slot and are counted.
 */
export async function fixedRate<D>(
  phase: Phase,
  devices: readonly D[],
  rate: number,
  durationMs: number,
  inFlightCap: number,
  send: SendOne<D>,
): Promise<void> {
  const total = Math.round((rate * durationMs) / 1000);
  const start = performance.now();
  let slot = 0;
  let turn = 0;
  // Bounded in count (every slot is either sent or skipped once) and in time (the duration plus 5 s).
  while (slot < total && performance.now() - start < durationMs + 5_000) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; slot < due; slot++) {
      if (phase.inFlight >= inFlightCap) {
        phase.throttled += 1;
        continue;
      }
      const device = devices[turn++ % devices.length] as D;
      send(device, () => {
        phase.acked += 1;
      });
    }
    await sleep(1);
  }
}

/**
 * Closed loop as fast as the broker acknowledges: each device keeps `window` events in flight and
 * publishes the next at each PUBACK, until `durationMs` or `maxMessages` is reached.
 */
export async function closedLoop<D>(
  phase: Phase,
  devices: readonly D[],
  window: number,
  durationMs: number,
  maxMessages: number,
  send: SendOne<D>,
): Promise<void> {
  const deadline = performance.now() + durationMs;
  let started = 0;
  await new Promise<void>((resolve) => {
    let open = 0;
    const pump = (device: D) => {
      if (started >= maxMessages || performance.now() >= deadline) {
        if (open === 0) resolve();
        return;
      }
      started += 1;
      open += 1;
      send(device, () => {
        phase.acked += 1;
        open -= 1;
        pump(device);
      });
    };
    for (let w = 0; w < window; w++) for (const d of devices) pump(d);
    // Publishes that are never acknowledged (a dropped connection) must not hang the phase.
    setTimeout(resolve, durationMs + 30_000).unref();
  });
}
