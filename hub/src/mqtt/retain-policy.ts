import { messages, parseTopic } from "@sitewatch/shared-protocol";

// availability, plus camera status and seat snapshot for up to 64 cameras (the config schema's limit),
// with room for renamed cameras whose old retained messages stay until the broker restarts.
const MAX_RETAINED_TOPICS_PER_DEVICE = 256;

/**
 * Which retained publishes a device may make. The broker keeps every retained message in memory for
 * good, so only the protocol's retained kinds (availability, camera status, seat snapshot) may set one,
 * each within its kind's size limit, and one device can only hold a bounded number of retained topics.
 * An empty retained payload (clearing a topic) is always allowed on the device's own topics.
 */
export class RetainPolicy {
  private readonly held = new Map<string, Set<string>>();

  /** Why this retained publish is refused, or null when it is fine (and now counted against `owner`). */
  refusal(owner: string, topic: string, payloadBytes: number): string | null {
    const parsed = parseTopic(topic);
    if (!parsed.ok) return "retain on a topic that is not part of the protocol";
    const def = messages[parsed.kind];
    if (!def.retained) return `${parsed.kind} messages are never retained`;
    const topicsOfOwner = this.held.get(owner) ?? new Set<string>();
    if (payloadBytes === 0) {
      topicsOfOwner.delete(topic);
      return null;
    }
    if (payloadBytes > def.maxBytes) return `retained ${parsed.kind} exceeds ${def.maxBytes} bytes`;
    if (!topicsOfOwner.has(topic) && topicsOfOwner.size >= MAX_RETAINED_TOPICS_PER_DEVICE) {
      return `device already holds ${MAX_RETAINED_TOPICS_PER_DEVICE} retained topics`;
    }
    topicsOfOwner.add(topic);
    this.held.set(owner, topicsOfOwner);
    return null;
  }
}
