/**
 * The bench site: `devices` simulated edge devices (the e2e harness's, enrolled and configured over
 * REST like real ones) with `cameras` cameras of `seatsPerCamera` seats each, and a driver that
 * publishes seat changes at a fixed rate over MQTT, as edge agents would.
 */
const STATES = ["empty", "occupied", "held"];

export async function benchSite(harness, hub, { devices, cameras, seatsPerCamera }) {
  const sims = [];
  const seats = [];
  for (let d = 1; d <= devices; d++) {
    const device = `edge-${d}`;
    const cams = [];
    for (let c = 1; c <= cameras; c++) {
      const camera = `cam-${c}`;
      const camSeats = [];
      for (let s = 0; s < seatsPerCamera; s++) {
        const id = `D${d}C${c}-${String(s + 1).padStart(3, "0")}`;
        const x = (s % 10) * 0.1;
        const y = Math.floor(s / 10) * 0.1;
        camSeats.push({
          id,
          polygon: [
            [x, y],
            [x + 0.08, y],
            [x + 0.08, y + 0.08],
            [x, y + 0.08],
          ],
        });
        seats.push({ sim: d - 1, camera, id, state: "unknown" });
      }
      cams.push({ id: camera, seats: camSeats });
    }
    sims.push(await harness.simulatedDevice(hub, { device, cameras: cams }));
  }
  return { sims, seats, close: () => Promise.all(sims.map((s) => s.close())) };
}

/**
 * Publishes `perSecond` changes for `seconds`, in ticks of 100 ms so the rate holds even when one
 * publish is slow; each change starts from the seat's last published state. Resolves with the count.
 */
export async function driveChanges(site, { perSecond, seconds, random = Math.random }) {
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
  const ticks = Math.round((seconds * 1000) / tickMs);
  const started = Date.now();
  const pending = [];
  let sent = 0;
  for (let k = 0; k < ticks; k++) {
    for (let i = 0; i < perTick; i++) {
      const seat = site.seats[Math.floor(random() * site.seats.length)];
      const choices = STATES.filter((s) => s !== seat.state);
      const to = choices[Math.floor(random() * choices.length)];
      pending.push(site.sims[seat.sim].seatChange(seat.camera, seat.id, seat.state, to));
      seat.state = to;
      sent++;
    }
    const next = started + (k + 1) * tickMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(pending);
  return { sent, seconds: (Date.now() - started) / 1000 };
}

/** A deterministic generator, so two runs publish the same sequence of changes. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
