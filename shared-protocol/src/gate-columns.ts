import type { GateEntry } from "./messages/gate.js";

/**
 * The flat columns a gate entry becomes, null where nothing was read: the hub stores them and its REST
 * gate log returns them, and the dashboard shapes a live `gate:entry` the same way, so a row pushed
 * live and the same row loaded later cannot differ. Type-only imports keep this module free of zod, so
 * the dashboard can load it (`@sitewatch/shared-protocol/gate-columns`) without the schemas.
 */
export function gateEntryColumns(m: GateEntry) {
  const c = m.container;
  return {
    ownerCode: c?.ownerCode ?? null,
    category: c?.category ?? null,
    serial: c?.serial ?? null,
    checkDigit: c?.checkDigit ?? null,
    checkDigitValid: c?.checkDigitValid ?? null,
    containerNumber: c ? `${c.ownerCode}${c.category}${c.serial}${c.checkDigit}` : null,
    rawText: m.rawText,
    plate: m.plate?.text ?? null,
    vehicleClass: m.vehicleClass ?? null,
    direction: m.direction,
    confidence: m.confidence,
    snapshotRef: m.snapshotRef ?? null,
    trackId: m.trackId ?? null,
    passage: m.passage ?? null,
  };
}
