import { getFreePort, startAedes } from "@sitewatch/testkit";
import { describe, expect, it } from "vitest";
import { onCleanup, range, seqs, startAgent, subscriber, tempDir, until } from "./delivery.test-support.js";

describe("publisher in-flight window", () => {
  it("keeps at most `window` records waiting for their PUBACK", async () => {
    // aedes sends PUBACK only after authorizePublish calls back, so holding the callbacks holds the PUBACKs.
    const held: (() => void)[] = [];
    let holding = true;
    const broker = await startAedes({
      authorizePublish: (client, packet, callback) => {
        if (holding && client?.id === "site-1.edge-1" && packet.topic.endsWith("seats/change")) {
          held.push(() => callback(null));
        } else callback(null);
      },
    });
    onCleanup(() => broker.stop());
    const sub = await subscriber(broker.url);
    const agent = startAgent(tempDir(), broker.url);
    await until("connect", () => agent.publisher.connected);
    for (let i = 1; i <= 100; i++) agent.seatChange(i);
    await until("window full", () => held.length === 32);
    await new Promise((r) => setTimeout(r, 100));
    expect(held).toHaveLength(32); // the default window
    expect(agent.outbox.stats().depth).toBe(100);
    expect(agent.publisher.stats().inFlight).toBe(32);
    holding = false;
    for (const release of held.splice(0)) release();
    await until("all delivered", () => seqs(sub.messages).length >= 100);
    expect(seqs(sub.messages)).toEqual(range(1, 100));
    await until("outbox drained", () => agent.outbox.stats().depth === 0);
  });

  it("acks the outbox on the hub's confirmations, not on PUBACKs, and resends what stays unconfirmed", async () => {
    const broker = await startAedes();
    onCleanup(() => broker.stop());
    const sub = await subscriber(broker.url, { confirm: false });
    const agent = startAgent(tempDir(), broker.url, { confirmations: { resendAfterMs: 1_500 } });
    await until("connect", () => agent.publisher.connected);
    for (let i = 1; i <= 100; i++) agent.seatChange(i);
    await until("all PUBACKed", () => agent.publisher.stats().delivered >= 100);
    await new Promise((r) => setTimeout(r, 300));
    // The broker has every event, the hub confirmed none: the outbox keeps them all.
    expect(agent.outbox.stats().depth).toBe(100);
    expect(agent.publisher.stats().unconfirmed).toBe(100);
    expect(agent.publisher.stats().resends).toBe(0);
    const sentOnce = seqs(sub.messages).length;
    expect(sentOnce).toBe(100);
    // The hub starts storing: nothing new is sent, so only the resend after the timeout gets it the events.
    sub.hub.confirming = true;
    await until(
      "outbox drained by confirmations of the resent events",
      () => agent.outbox.stats().depth === 0,
      10_000,
    );
    expect(agent.publisher.stats().resends).toBe(1);
    expect(agent.publisher.stats().unconfirmed).toBe(0);
    expect(new Set(seqs(sub.messages).slice(sentOnce))).toEqual(new Set(range(1, 100)));
  });

  it("drains a large offline backlog", async () => {
    const dir = tempDir();
    const offline = startAgent(dir, `mqtt://127.0.0.1:${await getFreePort()}`);
    const n = 5_000;
    for (let i = 1; i <= n; i++) offline.seatChange(i);
    await offline.close();
    const broker = await startAedes();
    onCleanup(() => broker.stop());
    const sub = await subscriber(broker.url);
    const t0 = performance.now();
    const agent = startAgent(dir, broker.url);
    await until("backlog delivered", () => seqs(sub.messages).length >= n, 60_000);
    const ms = performance.now() - t0;
    expect(seqs(sub.messages)).toEqual(range(1, n));
    await until("outbox drained", () => agent.outbox.stats().depth === 0);
    console.log(
      `backlog replay: ${n} events in ${Math.round(ms)} ms (${Math.round(n / (ms / 1000))}/s) via aedes`,
    );
  });
});
