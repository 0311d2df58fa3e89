import { describe, expect, it } from "vitest";
import { PlaybackTickets, TICKET_PATTERN } from "./playback-tickets.js";

describe("PlaybackTickets", () => {
  it("issues unguessable tickets that open one segment until they expire", () => {
    let now = 1_000_000;
    const tickets = new PlaybackTickets({ now: () => now });
    const a = tickets.issue("segment-a");
    const b = tickets.issue("segment-a");
    expect(a.ticket).toMatch(TICKET_PATTERN);
    expect(a.ticket).not.toBe(b.ticket);
    expect(a.expiresAt.getTime()).toBe(now + 10 * 60_000);
    expect(tickets.resolve(a.ticket)).toBe("segment-a");
    expect(tickets.resolve("x".repeat(43))).toBeNull();
    now += 10 * 60_000 - 1;
    expect(tickets.resolve(a.ticket)).toBe("segment-a");
    now += 1;
    expect(tickets.resolve(a.ticket)).toBeNull();
  });

  it("keeps a bounded number, dropping the expired and then the oldest", () => {
    let now = 0;
    const tickets = new PlaybackTickets({ ttlMs: 100, maxTickets: 3, now: () => now });
    const first = tickets.issue("s1").ticket;
    now = 50;
    tickets.issue("s2");
    tickets.issue("s3");
    tickets.issue("s4");
    expect(tickets.size).toBe(3);
    expect(tickets.resolve(first)).toBeNull();
    now = 200;
    tickets.issue("s5");
    expect(tickets.size).toBe(1);
  });
});
