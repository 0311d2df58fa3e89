import { decodeMessage, uuidv7, uuidv7Time } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { CommandDispatcher } from "./command-dispatcher.js";
import { EventFactory, type EventFields } from "./event-factory.js";
import { useTempEventStore } from "./temp-event-store.test-support.js";

const address = { site: "site-1", device: "edge-1" };
const cam = { ...address, camera: "cam-a" };
const change: EventFields<"seatChange"> = {
  seat: "1A",
  from: "empty",
  to: "occupied",
  at: 1_700_000_000_000,
  confidence: 0.9,
  evidence: { persons: 1, objects: [] },
};

const store = useTempEventStore("events-test-");

const decodeAll = () =>
  store.outbox.peek(100).map((r) => {
    const decoded = decodeMessage(r.topic, r.payload);
    if (!decoded.ok) throw new Error(decoded.error.message);
    return { ...decoded, retain: r.retain, qos: r.qos };
  });

describe("EventFactory", () => {
  it("stamps v, uuidv7 id, seq and ts and queues an encoded event", () => {
    const events = new EventFactory(store.outbox, store.sequence, () => 1_700_000_001_000);
    const first = events.emit("seatChange", cam, change);
    const second = events.emit("seatSnapshot", cam, { seats: [] });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(first.topic).toBe("sitewatch/v1/site-1/edge-1/cam/cam-a/seats/change");
    const [a, b] = decodeAll();
    expect(a?.kind).toBe("seatChange");
    expect(a?.message).toMatchObject({ v: 1, id: first.id, seq: 1, ts: 1_700_000_001_000, seat: "1A" });
    expect(uuidv7Time(first.id)).toBe(1_700_000_001_000);
    expect(b).toMatchObject({ kind: "seatSnapshot", retain: true, qos: 1 });
  });

  it("keeps an id the producer minted, so another event can name it", () => {
    const events = new EventFactory(store.outbox, store.sequence, () => 1_700_000_001_000);
    const minted = uuidv7(1_700_000_000_500);
    expect(events.emit("seatChange", cam, change, minted).id).toBe(minted);
    expect(decodeAll()[0]?.message).toMatchObject({ id: minted, seq: 1, ts: 1_700_000_001_000 });
  });

  it("spends no seq on an invalid event", () => {
    const events = new EventFactory(store.outbox, store.sequence);
    expect(() => events.emit("seatChange", cam, { ...change, to: "empty" })).toThrow(/from and to/);
    expect(events.emit("seatChange", cam, change).seq).toBe(1);
    expect(store.outbox.stats().depth).toBe(1);
  });
});

describe("CommandDispatcher", () => {
  const cmdTopic = (name: string) => `sitewatch/v1/site-1/edge-1/cmd/${name}`;
  const restart = (id: string) => Buffer.from(JSON.stringify({ v: 1, id, ts: Date.now(), camera: "cam-a" }));

  it("acks accepted then completed, fails bad commands with their code, and never throws", async () => {
    const dispatcher = new CommandDispatcher(address, new EventFactory(store.outbox, store.sequence));
    const calls: unknown[] = [];
    dispatcher.on("restartPipeline", (cmd) => {
      calls.push(cmd.camera);
      return { restarted: 1 };
    });
    dispatcher.on("liveStop", () => {
      throw new Error("no such session");
    });
    const ok = uuidv7();
    await dispatcher.handle(cmdTopic("restart-pipeline"), restart(ok));
    await dispatcher.handle(cmdTopic("restart-pipeline"), restart(ok)); // QoS 1 redelivery
    const bad = uuidv7();
    await dispatcher.handle(
      cmdTopic("restart-pipeline"),
      Buffer.from(JSON.stringify({ v: 1, id: bad, ts: -1 })),
    );
    await dispatcher.handle(cmdTopic("restart-pipeline"), Buffer.from("{not json"));
    await dispatcher.handle(cmdTopic("bogus"), Buffer.from("{}"));
    const stop = uuidv7();
    await dispatcher.handle(
      cmdTopic("live-stop"),
      Buffer.from(JSON.stringify({ v: 1, id: stop, ts: 1, camera: "cam-a", session: "s" })),
    );
    const snap = uuidv7();
    await dispatcher.handle(
      cmdTopic("snapshot"),
      Buffer.from(JSON.stringify({ v: 1, id: snap, ts: 1, camera: "c" })),
    );

    expect(calls).toEqual(["cam-a"]);
    const acks = decodeAll().map(
      (d) => d.message as { command: string; status: string; error?: { code: string } },
    );
    expect(acks.map((a) => [a.command, a.status, a.error?.code])).toEqual([
      [ok, "accepted", undefined],
      [ok, "completed", undefined],
      [ok, "completed", undefined], // the duplicate is answered again, not re-run
      [bad, "failed", "SCHEMA_VIOLATION"],
      [stop, "accepted", undefined],
      [stop, "failed", "COMMAND_FAILED"],
      [snap, "failed", "COMMAND_FAILED"], // no handler registered
    ]);
    expect(dispatcher.stats()).toEqual({ received: 7, malformed: 3, completed: 1, failed: 3, duplicates: 1 });
  });
});
