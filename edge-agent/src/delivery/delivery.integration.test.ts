import { getFreePort } from "@sitewatch/testkit";
import { describe, expect, it } from "vitest";
import {
  address,
  availability,
  brokers,
  firstOccurrences,
  ofKind,
  onCleanup,
  range,
  seqs,
  startAgent,
  broker as startBrokerFor,
  subscriber,
  tempDir,
  until,
} from "./delivery.test-support.js";
import { startTcpRelay } from "./tcp-relay.test-support.js";

describe.each(brokers)("delivery via %s", (_name, startBroker) => {
  const broker = () => startBrokerFor(startBroker);

  it("publishes availability and delivers every event in order", async () => {
    const b = await broker();
    const sub = await subscriber(b.url);
    const agent = startAgent(tempDir(), b.url);
    await until("connect", () => agent.publisher.connected);
    const t0 = performance.now();
    for (let i = 1; i <= 300; i++) agent.seatChange(i);
    await until("300 events", () => seqs(sub.messages).length >= 300);
    const ms = performance.now() - t0;
    expect(seqs(sub.messages)).toEqual(range(1, 300));
    await until("outbox drained", () => agent.outbox.stats().depth === 0);
    const online = ofKind(sub.messages, "availability").map((m) => m.json());
    expect(online).toContainEqual(expect.objectContaining({ state: "online" }));
    console.log(`${_name}: 300 events published and received in ${Math.round(ms)} ms`);
  });

  it("stores while the broker is down and replays exactly the missing events after a restart", async () => {
    const dir = tempDir();
    const b1 = await broker();
    const sub1 = await subscriber(b1.url);
    const agent1 = startAgent(dir, b1.url);
    for (let i = 1; i <= 20; i++) agent1.seatChange(i);
    await until("first 20", () => seqs(sub1.messages).length >= 20);
    await b1.stop();
    await until("disconnect", () => !agent1.publisher.connected);
    for (let i = 21; i <= 50; i++) agent1.seatChange(i);
    expect(agent1.outbox.stats().depth).toBeGreaterThanOrEqual(30);
    await agent1.close(); // the agent process ends with 30+ events on disk

    const b2 = await broker();
    const sub2 = await subscriber(b2.url);
    const agent2 = startAgent(dir, b2.url);
    expect(agent2.outbox.stats().depth).toBeGreaterThanOrEqual(30);
    for (let i = 51; i <= 60; i++) expect(agent2.seatChange(i).seq).toBe(i);
    await until("all 60", () => new Set([...seqs(sub1.messages), ...seqs(sub2.messages)]).size >= 60);
    const all = [...seqs(sub1.messages), ...seqs(sub2.messages)];
    expect(new Set(all)).toEqual(new Set(range(1, 60)));
    expect(firstOccurrences(seqs(sub2.messages))).toEqual(
      [...firstOccurrences(seqs(sub2.messages))].sort((a, b) => a - b),
    );
    const ids = [...ofKind(sub1.messages, "seatChange"), ...ofKind(sub2.messages, "seatChange")].map(
      (m) => (m.json() as { id: string }).id,
    );
    console.log(
      `${_name}: restart replay: ${all.length} deliveries of 60 events (${all.length - new Set(ids).size} QoS-1 duplicates)`,
    );
    await until("outbox drained", () => agent2.outbox.stats().depth === 0);
  });

  it("reconnects to the same address on its own and replays in order", async () => {
    const b = await broker();
    const relay = await startTcpRelay(b.port);
    onCleanup(() => relay.stop());
    const sub = await subscriber(b.url);
    const agent = startAgent(tempDir(), relay.url);
    for (let i = 1; i <= 10; i++) agent.seatChange(i);
    await until("first 10", () => seqs(sub.messages).length >= 10);
    await relay.cut();
    await until("disconnect", () => !agent.publisher.connected);
    // The broker saw the connection die without DISCONNECT, so it publishes the last will.
    await until("last will", () => availability(sub.messages).includes("offline"));
    for (let i = 11; i <= 40; i++) agent.seatChange(i);
    await new Promise((r) => setTimeout(r, 300)); // a failed reconnect attempt or two
    await relay.restore();
    await until("all 40", () => new Set(seqs(sub.messages)).size >= 40);
    expect(firstOccurrences(seqs(sub.messages))).toEqual(range(1, 40));
    expect(agent.publisher.stats().connects).toBe(2);
    await until("online again", () => availability(sub.messages).at(-1) === "online");
    await agent.close();
    await until("clean offline", () => availability(sub.messages).at(-1) === "offline");
    expect(availability(sub.messages)).toEqual(["online", "offline", "online", "offline"]);
  });

  it("counts evictions when the bound is hit and reports them in health", async () => {
    const dir = tempDir();
    const nowhere = `mqtt://127.0.0.1:${await getFreePort()}`;
    const offline = startAgent(dir, nowhere, { limits: { maxRecords: 20 } });
    for (let i = 1; i <= 50; i++) offline.seatChange(i);
    expect(offline.outbox.stats()).toMatchObject({ depth: 20, evicted: 30 });
    await offline.close();

    const b = await broker();
    const sub = await subscriber(b.url);
    const agent = startAgent(dir, b.url, { limits: { maxRecords: 20 } });
    await until("20 survivors", () => seqs(sub.messages).length >= 20);
    expect(seqs(sub.messages)).toEqual(range(31, 50));
    agent.events.emit("health", address, {
      uptimeS: 1,
      cpuPct: 1,
      memRssMb: 50,
      outboxDepth: agent.outbox.stats().depth,
      outboxDropped: agent.outbox.stats().evicted,
      cameras: [],
    });
    await until("health", () => ofKind(sub.messages, "health").length > 0);
    expect(ofKind(sub.messages, "health")[0]?.json()).toMatchObject({ outboxDropped: 30, seq: 51 });
  });
});
