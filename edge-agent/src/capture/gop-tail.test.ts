import { describe, expect, it } from "vitest";
import { GopTail } from "./gop-tail.js";

class FakePacket {
  freed = false;
  constructor(readonly size: number) {}
  free(): void {
    this.freed = true;
  }
}

describe("GopTail", () => {
  it("keeps dropped packets in order until taken, and frees them on a new GOP", () => {
    const tail = new GopTail<FakePacket>(100);
    const [a, b, c] = [new FakePacket(10), new FakePacket(20), new FakePacket(30)];
    tail.keep(a);
    tail.keep(b);
    expect(tail.complete).toBe(true);
    expect(tail.take()).toEqual([a, b]);
    expect(tail.length).toBe(0);
    tail.keep(c);
    tail.restart();
    expect(c.freed).toBe(true);
    expect([a.freed, b.freed]).toEqual([false, false]);
  });

  it("lets a GOP over the limit go entirely and stays incomplete until the next keyframe", () => {
    const tail = new GopTail<FakePacket>(50);
    const packets = [40, 20, 5].map((size) => new FakePacket(size));
    for (const packet of packets) tail.keep(packet);
    expect(tail.complete).toBe(false);
    expect(tail.length).toBe(0);
    expect(packets.every((p) => p.freed)).toBe(true);
    tail.restart();
    expect(tail.complete).toBe(true);
    tail.keep(new FakePacket(45));
    expect(tail.length).toBe(1);
  });
});
