/**
 * Child process for the crash test: appends events to an outbox as fast as it can until it is killed.
 * Each payload is its seq number, so the parent can check what survived a SIGKILL.
 */
import { Outbox } from "./outbox.js";
import { SequenceCounter } from "./sequence-counter.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: outbox-writer <dir>");
const outbox = Outbox.open(`${dir}/outbox`, { segmentBytes: 4096, fsyncIntervalMs: 50 });
const sequence = SequenceCounter.open(dir, 50);
let written = 0;
const tick = () => {
  for (let i = 0; i < 50; i++) {
    const seq = sequence.next();
    outbox.append({ topic: "t", payload: Buffer.from(String(seq)), retain: false, qos: 1 });
    written += 1;
  }
  if (written % 1000 === 0) process.stdout.write(`${written}\n`);
  setImmediate(tick);
};
tick();
