import type { GateEntry, SeatState } from "@sitewatch/shared-protocol";
import type { HaGateEntry } from "./ha-inventory.js";

// State payloads are what the discovery configs' templates read (`value_json.…`); the other fields
// become the entity's attributes through `json_attributes_topic`.

/** A held seat counts as taken: belongings keep it from the next guest as much as a person does. */
export function seatPayload(seat: {
  state: SeatState;
  since: number | null;
  device: string;
  camera: string;
}): string {
  const occupancy = seat.state === "unknown" ? null : seat.state === "empty" ? "OFF" : "ON";
  return JSON.stringify({
    state: seat.state,
    occupancy,
    since: seat.since === null ? null : new Date(seat.since).toISOString(),
    device: seat.device,
    camera: seat.camera,
  });
}

export function cameraPayload(state: string, reason: string | null | undefined): string {
  return JSON.stringify({ state, reason: reason ?? null });
}

export function devicePayload(online: boolean): string {
  return online ? "online" : "offline";
}

export function gatePayload(entry: HaGateEntry): string {
  return JSON.stringify({ ...entry, at: new Date(entry.at).toISOString() });
}

const numberOf = (c: NonNullable<GateEntry["container"]>) =>
  `${c.ownerCode}${c.category}${c.serial}${c.checkDigit}`;

/** A gate entry as it arrives from a device; null when it read no container number. */
export function gateEntryOf(entry: GateEntry): HaGateEntry | null {
  if (!entry.container) return null;
  return {
    number: numberOf(entry.container),
    at: entry.at,
    direction: entry.direction,
    checkDigitValid: entry.container.checkDigitValid,
    vehicleClass: entry.vehicleClass ?? null,
    plate: entry.plate?.text ?? null,
    confidence: entry.confidence,
  };
}
