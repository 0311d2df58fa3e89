import { encodeMessage, uuidv7 } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import {
  brokers,
  ofKind,
  startAgent,
  broker as startBrokerFor,
  subscriber,
  tempDir,
  until,
} from "./delivery.test-support.js";

describe.each(brokers)("commands via %s", (_name, startBroker) => {
  const broker = () => startBrokerFor(startBroker);

  it("runs a pushed config through its handler and acks it", async () => {
    const b = await broker();
    const sub = await subscriber(b.url);
    const revisions: number[] = [];
    const agent = startAgent(tempDir(), b.url, {
      setup: (delivery) =>
        delivery.commands.on("configPush", (cmd) => {
          revisions.push(cmd.revision);
          return { cameras: cmd.cameras.length };
        }),
    });
    await until("connect", () => agent.publisher.connected);
    await new Promise((r) => setTimeout(r, 200)); // let the SUBSCRIBE land
    const id = uuidv7();
    const push = encodeMessage("configPush", {
      v: 1,
      id,
      ts: Date.now(),
      revision: 7,
      cameras: [
        {
          camera: "cam-a",
          role: "seats",
          seats: [
            {
              seat: "1A",
              polygon: [
                [0.1, 0.1],
                [0.5, 0.1],
                [0.3, 0.6],
              ],
            },
          ],
        },
      ],
    });
    await sub.client.publishAsync("sitewatch/v1/site-1/edge-1/cmd/config-push", push, { qos: 1 });
    await sub.client.publishAsync("sitewatch/v1/site-1/edge-1/cmd/config-push", "{broken", { qos: 1 });
    // A self-intersecting polygon: the decoder rejects it, the device answers with the protocol's code.
    const bad = uuidv7();
    const bowtie = [
      [0.1, 0.1],
      [0.5, 0.5],
      [0.5, 0.1],
      [0.1, 0.5],
    ];
    await sub.client.publishAsync(
      "sitewatch/v1/site-1/edge-1/cmd/config-push",
      JSON.stringify({
        v: 1,
        id: bad,
        ts: Date.now(),
        revision: 8,
        cameras: [{ camera: "cam-a", role: "seats", seats: [{ seat: "1A", polygon: bowtie }] }],
      }),
      { qos: 1 },
    );
    await until("acks", () => ofKind(sub.messages, "commandAck").length >= 3);
    const acks = ofKind(sub.messages, "commandAck").map(
      (m) => m.json() as { command: string; status: string; result?: unknown },
    );
    expect(revisions).toEqual([7]);
    expect(acks).toEqual([
      expect.objectContaining({ command: id, name: "config-push", status: "accepted" }),
      expect.objectContaining({ command: id, status: "completed", result: { cameras: 1 } }),
      expect.objectContaining({
        command: bad,
        status: "failed",
        error: expect.objectContaining({ code: "SCHEMA_VIOLATION" }),
      }),
    ]);
    expect(agent.commands.stats()).toMatchObject({ received: 3, malformed: 2, completed: 1, failed: 1 });
  });
});
