import type { AlertKind } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { type AnyAlertFamily, checkAlertFamilies, episodicKinds } from "./alert-family.js";
import { probeFamily } from "./alert-family.test-support.js";

/** A family that claims `kinds` and does nothing else. */
const claiming = (name: string, kinds: AlertKind[], episodic?: true): AnyAlertFamily =>
  ({ ...probeFamily(), name, kinds, ...(episodic ? { episodic } : {}) }) as AnyAlertFamily;

const everyKind = () => [
  claiming("seat", ["seat-held", "seat-vacant"], true),
  claiming("camera", ["camera-offline"]),
  claiming("device", ["device-offline"]),
];

describe("alert family registration", () => {
  it("accepts families that raise every protocol alert kind once", () => {
    expect(() => checkAlertFamilies(everyKind())).not.toThrow();
  });

  it("names a kind no family raises", () => {
    const [seat, camera] = everyKind() as [AnyAlertFamily, AnyAlertFamily];
    expect(() => checkAlertFamilies([seat, camera])).toThrow(
      'alert kind "device-offline" is raised by no alert family',
    );
    expect(() => checkAlertFamilies([])).toThrow(
      'alert kind "seat-held", "seat-vacant", "camera-offline", "device-offline" is raised by no alert family',
    );
  });

  it("names a kind two families claim, and a family registered twice", () => {
    expect(() => checkAlertFamilies([...everyKind(), claiming("probe", ["device-offline"])])).toThrow(
      'alert kind "device-offline" is claimed by two alert families: device and probe',
    );
    expect(() => checkAlertFamilies([...everyKind(), claiming("camera", [])])).toThrow(
      'alert family "camera" is registered twice',
    );
  });

  it("collects the kinds of episodic families", () => {
    expect([...episodicKinds(everyKind())]).toEqual(["seat-held", "seat-vacant"]);
    expect(episodicKinds([claiming("device", ["device-offline"])]).size).toBe(0);
  });
});
