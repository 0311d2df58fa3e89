import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { Outbox } from "./outbox.js";
import { SequenceCounter } from "./sequence-counter.js";

export interface TempEventStore {
  readonly outbox: Outbox;
  readonly sequence: SequenceCounter;
}

/** A fresh outbox and seq counter in a temp dir for every test of the calling file, removed after it. */
export function useTempEventStore(prefix: string): TempEventStore {
  let dir = "";
  let outbox: Outbox | undefined;
  let sequence: SequenceCounter | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    outbox = Outbox.open(join(dir, "outbox"));
    sequence = SequenceCounter.open(dir);
  });
  afterEach(() => {
    outbox?.close();
    sequence?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the temp event store is only open inside a test");
    return value;
  };
  return {
    get outbox() {
      return opened(outbox);
    },
    get sequence() {
      return opened(sequence);
    },
  };
}
