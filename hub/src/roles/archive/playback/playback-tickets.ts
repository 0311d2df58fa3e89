import { randomBytes } from "node:crypto";

export interface PlaybackTicketOptions {
  /** How long a ticket opens its file; default 10 minutes. */
  ttlMs?: number;
  /** Tickets kept at most; the oldest go first past it. */
  maxTickets?: number;
  now?: () => number;
}

interface Ticket {
  segmentId: string;
  expiresAt: number;
}

/** A ticket is 32 random bytes in base64url: 43 characters. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Capabilities for one archived file: a `<video src>` cannot send an Authorization header, so the URL
 * itself carries a random ticket the hub issued to a viewer who may see the segment. A ticket names one
 * segment and expires; it is kept in memory only, so a hub restart (which also empties the playback
 * cache) ends every ticket.
 */
export class PlaybackTickets {
  // Insertion order is issue order, so the oldest are at the front.
  private readonly tickets = new Map<string, Ticket>();
  private readonly ttlMs: number;
  private readonly maxTickets: number;
  private readonly now: () => number;

  constructor(opts: PlaybackTicketOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.maxTickets = opts.maxTickets ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  issue(segmentId: string): { ticket: string; expiresAt: Date } {
    this.sweep();
    const ticket = randomBytes(32).toString("base64url");
    const expiresAt = this.now() + this.ttlMs;
    this.tickets.set(ticket, { segmentId, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /** The segment a ticket opens, or null when it is unknown or expired. */
  resolve(ticket: string): string | null {
    const found = this.tickets.get(ticket);
    if (!found) return null;
    if (found.expiresAt <= this.now()) {
      this.tickets.delete(ticket);
      return null;
    }
    return found.segmentId;
  }

  get size(): number {
    return this.tickets.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [ticket, { expiresAt }] of this.tickets) {
      // Expiry follows issue order (one TTL for all), so the first live ticket ends the sweep.
      if (expiresAt > now && this.tickets.size < this.maxTickets) return;
      this.tickets.delete(ticket);
    }
  }
}
