import { examples, type LiveEvent, onLive } from "@sitewatch/shared-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connected,
  type Dashboard,
  type SocketFixture,
  startSocketFixture,
} from "./socket-fixture.test-support.js";

let fx: SocketFixture;
beforeAll(async () => {
  fx = await startSocketFixture({ limits: { maxBufferedPackets: 500, maxBufferedBytes: 2 * 1024 * 1024 } });
});
afterAll(() => fx.close());

const address = { site: "site-a", device: "edge-01", camera: "cam-01" };
// 48 KiB of base64: a small JPEG, the kind of non-volatile payload a snapshot command returns.
const bigJpeg = "A".repeat(48 * 1024);

async function joined(): Promise<Dashboard> {
  const client = fx.connect(fx.adminToken);
  await connected(client);
  expect(await client.timeout(5_000).emitWithAck("site:join", { site: "site-a" })).toMatchObject({
    ok: true,
  });
  return client;
}

/** Stops reading from the TCP socket, like a browser tab frozen in the background. */
function pause(client: Dashboard): void {
  const transport = client.io.engine.transport as unknown as { ws: { pause(): void } };
  transport.ws.pause();
}

function resume(client: Dashboard): void {
  (client.io.engine.transport as unknown as { ws: { resume(): void } }).ws.resume();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slowDisconnects = async () => (await fx.metrics.socketSlowDisconnects.get()).values[0]?.value ?? 0;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

describe("slow consumers", () => {
  it("drops volatile health for a stalled client instead of buffering it", async () => {
    const stalled = await joined();
    pause(stalled);
    const health = { ...examples.health, cameras: Array(40).fill(examples.health.cameras?.[0]) };
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) {
        fx.server.broadcaster.live("health", { ...address, data: health } as LiveEvent<"health">);
      }
      await sleep(2);
    }
    await sleep(50);
    expect(await slowDisconnects()).toBe(0);
    resume(stalled);
    // Still connected and still served once it reads again.
    expect(await stalled.timeout(5_000).emitWithAck("alert:acknowledge", { id: "x" })).toEqual({ ok: true });
    stalled.disconnect();
  });

  it("cuts off a client that stopped reading without delaying the others", async () => {
    const stalled = await joined();
    const healthy = await joined();
    pause(stalled);
    const latencies: number[] = [];
    const allSeen = new Promise<void>((resolve) => {
      onLive(healthy, "seat:change", (e) => {
        latencies.push(Date.now() - e.data.ts);
        if (latencies.length === 60) resolve();
      });
    });
    const stalledGone = new Promise<void>((resolve) => stalled.on("disconnect", () => resolve()));
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < 10; i++) {
        fx.server.broadcaster.live("snapshot", {
          ...address,
          data: { ...examples.snapshot, jpeg: bigJpeg } as LiveEvent<"snapshot">["data"],
        });
      }
      fx.server.broadcaster.live("seatChange", {
        ...address,
        data: { ...examples.seatChange, ts: Date.now() } as LiveEvent<"seatChange">["data"],
      });
      await sleep(10);
    }
    await allSeen;
    expect(await slowDisconnects()).toBe(1);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.info(`healthy client latency with a stalled peer: p50 ${p50} ms, p99 ${p99} ms`);
    // A peer that held the others up would cost them seconds (its send buffer filling at 10 big frames
    // per round); the bound leaves room for a machine busy with other tests.
    expect(p99).toBeLessThan(500);
    // The server dropped the connection; the client notices as soon as it reads again.
    resume(stalled);
    await stalledGone;
    expect(healthy.connected).toBe(true);
  });
});
