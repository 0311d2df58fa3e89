import { MAX_EVENT_BYTES, topics } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { RetainPolicy } from "./retain-policy.js";

const dev = { site: "s1", device: "d1" };
const cam = (camera: string) => ({ ...dev, camera });

describe("RetainPolicy", () => {
  it("allows retain only on the protocol's retained kinds", () => {
    const policy = new RetainPolicy();
    expect(policy.refusal("s1.d1", topics.availability(dev), 100)).toBeNull();
    expect(policy.refusal("s1.d1", topics.cameraStatus(cam("c1")), 100)).toBeNull();
    expect(policy.refusal("s1.d1", topics.seatSnapshot(cam("c1")), 100)).toBeNull();
    expect(policy.refusal("s1.d1", topics.seatChange(cam("c1")), 100)).toMatch(/never retained/);
    expect(policy.refusal("s1.d1", topics.health(dev), 100)).toMatch(/never retained/);
    expect(policy.refusal("s1.d1", "sitewatch/v1/s1/d1/anything/else", 100)).toMatch(
      /not part of the protocol/,
    );
  });

  it("bounds a retained message by its kind's size limit", () => {
    const policy = new RetainPolicy();
    expect(policy.refusal("s1.d1", topics.cameraStatus(cam("c1")), MAX_EVENT_BYTES)).toBeNull();
    expect(policy.refusal("s1.d1", topics.cameraStatus(cam("c1")), MAX_EVENT_BYTES + 1)).toMatch(/exceeds/);
  });

  it("bounds how many retained topics one device holds; clearing one frees its place", () => {
    const policy = new RetainPolicy();
    for (let i = 0; i < 256; i++) {
      expect(policy.refusal("s1.d1", topics.cameraStatus(cam(`c${i}`)), 10)).toBeNull();
    }
    const extra = topics.cameraStatus(cam("c-extra"));
    expect(policy.refusal("s1.d1", extra, 10)).toMatch(/already holds 256/);
    // Updating a held topic and other devices are unaffected.
    expect(policy.refusal("s1.d1", topics.cameraStatus(cam("c0")), 10)).toBeNull();
    expect(
      policy.refusal("s1.d2", topics.cameraStatus({ site: "s1", device: "d2", camera: "c1" }), 10),
    ).toBeNull();
    expect(policy.refusal("s1.d1", topics.cameraStatus(cam("c0")), 0)).toBeNull();
    expect(policy.refusal("s1.d1", extra, 10)).toBeNull();
  });
});
