import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCommandKind, type MessageKind, messageKinds, messages } from "./registry.js";
import {
  deviceCommandFilter,
  deviceSettledTopic,
  deviceSubscriptions,
  hubFilters,
  parseTopic,
  sharedSubscription,
  TopicError,
  topicFilter,
  topicFor,
  topics,
} from "./topics.js";

const slug = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);

describe("topic builders", () => {
  it("builds the documented layout", () => {
    const addr = { site: "s1", device: "d1", camera: "c1" };
    expect(topics.availability(addr)).toBe("sitewatch/v1/s1/d1/availability");
    expect(topics.seatChange(addr)).toBe("sitewatch/v1/s1/d1/cam/c1/seats/change");
    expect(topics.configPush(addr)).toBe("sitewatch/v1/s1/d1/cmd/config-push");
  });

  it("refuses ids containing separators or wildcards", () => {
    for (const bad of ["a/b", "+", "#", "", "$SYS", "x".repeat(65)]) {
      expect(() => topicFor("health", { site: bad, device: "d" })).toThrow(TopicError);
      expect(() => topicFor("seatChange", { site: "s", device: "d", camera: bad })).toThrow(TopicError);
    }
  });

  it("property: parseTopic inverts topicFor for every kind and valid id", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...messageKinds),
        slug,
        slug,
        slug,
        (kind: MessageKind, site, device, camera) => {
          const parsed = parseTopic(topicFor(kind, { site, device, camera }));
          expect(parsed).toEqual({
            ok: true,
            kind,
            address: messages[kind].scope === "camera" ? { site, device, camera } : { site, device },
          });
        },
      ),
    );
  });

  it("property: parseTopic never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (topic) => {
        expect(typeof parseTopic(topic).ok).toBe("boolean");
      }),
    );
  });
});

describe("subscriptions", () => {
  it("gives the hub one filter per device-to-hub kind and no command topics", () => {
    const filters = hubFilters();
    expect(filters).toContain("sitewatch/v1/+/+/cam/+/seats/change");
    expect(filters.some((f) => f.includes("/cmd/"))).toBe(false);
    expect(filters.length).toBe(messageKinds.filter((k) => messages[k].direction === "device-to-hub").length);
  });

  it("scopes filters and builds shared subscriptions", () => {
    expect(topicFilter("health", { site: "s1" })).toBe("sitewatch/v1/s1/+/health");
    expect(deviceCommandFilter({ site: "s1", device: "d1" })).toBe("sitewatch/v1/s1/d1/cmd/+");
    expect(sharedSubscription("hub", "sitewatch/v1/+/+/health")).toBe("$share/hub/sitewatch/v1/+/+/health");
  });

  it("lets a device read its own commands and delivery confirmations, nothing else", () => {
    const own = { site: "s1", device: "d1" };
    expect(deviceSettledTopic(own)).toBe("sitewatch/v1/s1/d1/settled");
    expect(deviceSubscriptions(own)).toEqual(["sitewatch/v1/s1/d1/cmd/+", "sitewatch/v1/s1/d1/settled"]);
    expect(parseTopic(deviceSettledTopic(own))).toEqual({ ok: true, kind: "settled", address: own });
    // Not a command: the device's command dispatcher and the hub's command service never see it.
    expect(isCommandKind("settled")).toBe(false);
    expect(isCommandKind("configPush")).toBe(true);
  });
});
