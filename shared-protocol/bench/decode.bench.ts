import { reportBench } from "@sitewatch/testkit/bench";
import { decodeMessage, encodeMessage } from "../src/codec.js";
import { exampleAddress, examples } from "../src/examples.js";
import { type MessageKind, messageKinds } from "../src/registry.js";
import { topicFor } from "../src/topics.js";

// How many decodes per second one core sustains, per message kind: the hub's ingest ceiling before
// any database work. The mission asks for 16 cameras × 1 event / 3 s per site, so the margin matters
// only at fleet scale, but a regression here shows up everywhere.
function opsPerSecond(fn: () => void, ms = 400): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
  }
  return n / ((performance.now() - start) / 1000);
}

const kinds: MessageKind[] = [
  "seatChange",
  "seatSnapshot",
  "health",
  "gateEntry",
  "attentionChange",
  "liveFrame",
];
const rows = kinds.flatMap((kind) => {
  const topic = topicFor(kind, exampleAddress);
  const payload = Buffer.from(JSON.stringify(examples[kind]));
  const decodeRate = opsPerSecond(() => {
    if (!decodeMessage(topic, payload).ok) throw new Error(`${kind} example failed to decode`);
  });
  const encodeRate = opsPerSecond(() => encodeMessage(kind, examples[kind] as never));
  return [
    { name: `decode ${kind} (${payload.byteLength} B)`, value: Math.round(decodeRate), unit: "msg/s" },
    { name: `encode ${kind}`, value: Math.round(encodeRate), unit: "msg/s" },
  ];
});
const garbage = Buffer.from("\u0000not json at all".repeat(4));
rows.push({
  name: "reject garbage payload",
  value: Math.round(opsPerSecond(() => decodeMessage(topicFor("seatChange", exampleAddress), garbage))),
  unit: "msg/s",
});
reportBench(
  "shared-protocol codec",
  rows,
  `Single thread, ${messageKinds.length} message kinds defined; \`npm run bench -w @sitewatch/shared-protocol\`.`,
);
