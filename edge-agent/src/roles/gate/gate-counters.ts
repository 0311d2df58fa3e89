import type { RoleEvent } from "../role-module.js";

/**
 * What a gate camera's section of agent-state.json says besides its live tracks (`edge-agent status`
 * shows it): entries and crops sent, the last entry, and read failures with the newest reason.
 */
export class GateCounters {
  #entries = 0;
  #crops = 0;
  #readErrors = 0;
  #lastReadError: string | undefined;
  #lastEntry: Record<string, unknown> | undefined;

  /** Counts the entries and crops among events about to leave. */
  sent(events: readonly RoleEvent[]): void {
    for (const e of events) {
      if (e.kind === "gateCrop") this.#crops += 1;
      if (e.kind !== "gateEntry") continue;
      this.#entries += 1;
      const { at, container, rawText, direction } = e.fields;
      this.#lastEntry = { at, rawText, direction, valid: container?.checkDigitValid ?? false };
    }
  }

  readFailed(message: string): void {
    this.#readErrors += 1;
    this.#lastReadError = message;
  }

  section(): Record<string, unknown> {
    const last = this.#lastEntry ? { last: this.#lastEntry } : {};
    const errors = this.#lastReadError
      ? { readErrors: this.#readErrors, lastReadError: this.#lastReadError }
      : {};
    return { entries: this.#entries, crops: this.#crops, ...last, ...errors };
  }
}
