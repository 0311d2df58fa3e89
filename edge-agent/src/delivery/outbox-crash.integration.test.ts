import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { Outbox } from "./outbox.js";
import { SequenceCounter } from "./sequence-counter.js";

const writer = fileURLToPath(new URL("./outbox-writer.test-support.ts", import.meta.url));
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("outbox crash safety", () => {
  it("loses nothing and reuses no seq when the agent process is killed mid-append", async () => {
    dir = mkdtempSync(join(tmpdir(), "outbox-crash-"));
    const child = spawn(process.execPath, ["--import", "tsx", writer, dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = once(child, "exit");
    let written = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        written = Number(chunk.toString().trim().split("\n").at(-1));
        if (written >= 5_000) resolve();
      });
      child.once("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 30)); // land the kill mid-batch
    child.kill("SIGKILL");
    await exited;

    const outbox = Outbox.open(join(dir, "outbox"), { segmentBytes: 4096 });
    const sequence = SequenceCounter.open(dir);
    try {
      const records = outbox.peek(1_000_000);
      expect(records.length).toBeGreaterThanOrEqual(written);
      // Contiguous ids from 1, and each payload is the seq taken just before the append: nothing lost.
      records.forEach((record, i) => {
        expect(record.id).toBe(i + 1);
        expect(Buffer.from(record.payload).toString()).toBe(String(i + 1));
      });
      // The kill can land between taking a seq and appending (a gap of one), never before the seq write.
      expect(sequence.current - records.length).toBeGreaterThanOrEqual(0);
      expect(sequence.current - records.length).toBeLessThanOrEqual(1);
      expect(outbox.append({ topic: "t", payload: Buffer.from("after"), retain: false, qos: 1 })).toBe(
        records.length + 1,
      );
      console.log(
        `crash test: ${records.length} records survived SIGKILL; truncated ${outbox.stats().truncatedBytes} B`,
      );
    } finally {
      outbox.close();
      sequence.close();
    }
  });
});
