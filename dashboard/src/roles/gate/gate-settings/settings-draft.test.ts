import { gateSettingsSchema } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { ApiRequestError } from "../../../api/api-client.js";
import { type CameraPatchApi, saveGateSettings, serverFieldErrors } from "./save-gate-settings.js";
import { checkDraft, defaultSettings, draftOf, fieldOf, type SettingsDraft } from "./settings-draft.js";

const NAN = "Enter a number.";
const draft = (patch: Partial<SettingsDraft> = {}): SettingsDraft => ({
  ...draftOf(defaultSettings()),
  ...patch,
});
/** What the schema itself says about one field's value: the form must show exactly that. */
const schemaSays = (input: Record<string, unknown>) => {
  const result = gateSettingsSchema.safeParse(input);
  if (result.success) throw new Error(`the schema accepts ${JSON.stringify(input)}`);
  return result.error.issues[0]?.message;
};

describe("the settings form's draft", () => {
  it("turns stored settings into form text and back unchanged", () => {
    const stored = gateSettingsSchema.parse({
      directionLine: [
        [0.1, 0.5],
        [0.9, 0.5],
      ],
      vehicleClasses: ["truck", "trailer"],
      scoreThreshold: 0.25,
      passageGroup: "north-gate",
      motion: { enabled: false, threshold: 0.05, forceEvery: 20 },
    });
    const d = draftOf(stored);
    expect(d.vehicleClasses).toBe("truck, trailer");
    expect(d.scoreThreshold).toBe("0.25");
    expect(checkDraft(d, NAN)).toEqual({ ok: true, settings: stored });
  });

  it("leaves optional fields out when they are empty, so the device's own defaults apply", () => {
    const result = checkDraft(draft({ scoreThreshold: " ", passageGroup: "" }), NAN);
    expect(result.ok && "scoreThreshold" in result.settings).toBe(false);
    expect(result.ok && "passageGroup" in result.settings).toBe(false);
  });

  it("refuses an out-of-range value with the schema's own message on that field", () => {
    const result = checkDraft(draft({ activeIntervalMs: "50", motionThreshold: "1.5" }), NAN);
    expect(result).toEqual({
      ok: false,
      errors: {
        activeIntervalMs: schemaSays({ activeIntervalMs: 50 }),
        motionThreshold: schemaSays({ motion: { threshold: 1.5 } }),
      },
    });
    expect(checkDraft(draft({ minTrackFrames: "2.5" }), NAN)).toMatchObject({
      errors: { minTrackFrames: schemaSays({ minTrackFrames: 2.5 }) },
    });
  });

  it("refuses a bad passage group, no vehicle classes and a crossing zone with the schema's words", () => {
    const bowtie: [number, number][] = [
      [0.1, 0.1],
      [0.9, 0.9],
      [0.9, 0.1],
      [0.1, 0.9],
    ];
    const result = checkDraft(
      draft({ passageGroup: "north gate", vehicleClasses: " , ", zone: bowtie }),
      NAN,
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    expect(errors.passageGroup).toMatch(/letters, digits/);
    expect(errors.vehicleClasses).toBe(schemaSays({ vehicleClasses: [] }));
    expect(errors.zone).toBe("edges 1 and 3 intersect");
  });

  it("says 'enter a number' for text that is none, even where the schema has a default", () => {
    const result = checkDraft(draft({ maxOcrFrames: "", lostAfterFrames: "two" }), NAN);
    expect(result).toEqual({ ok: false, errors: { maxOcrFrames: NAN, lostAfterFrames: NAN } });
  });

  it("maps issue paths to form fields", () => {
    expect(fieldOf(["motion", "forceEvery"])).toBe("motionForceEvery");
    expect(fieldOf(["vehicleClasses", 3])).toBe("vehicleClasses");
    expect(fieldOf(["directionLine", 0, 1])).toBe("directionLine");
    expect(fieldOf(["somethingNew"])).toBe("other");
  });
});

describe("saving", () => {
  it("sends the settings as { gate } to the camera and hands back the camera and the push", async () => {
    const calls: { path: string; body: unknown }[] = [];
    const api: CameraPatchApi = {
      patch: async (path, body) => {
        calls.push({ path, body });
        return {
          id: "lane 1",
          gate: (body as { gate: unknown }).gate,
          push: { device: "e1", status: "offline" },
        } as never;
      },
    };
    const settings = defaultSettings();
    const result = await saveGateSettings(api, "port", { device: "e1", id: "lane 1" }, settings);
    expect(calls).toEqual([
      { path: "/api/v1/sites/port/devices/e1/cameras/lane%201", body: { gate: settings } },
    ]);
    expect(result).toEqual({
      ok: true,
      camera: { id: "lane 1", gate: settings },
      push: { device: "e1", status: "offline" },
    });
  });

  it("puts the hub's refusal on the fields its details name", async () => {
    const refusal = new ApiRequestError(400, "VALIDATION_FAILED", "invalid request", [
      { path: "gate.motion.threshold", message: "Too big", code: "too_big" },
      { path: "gate.zone", message: "edges 1 and 3 intersect", code: "custom" },
      { path: "name", message: "not mine", code: "custom" },
    ]);
    const api: CameraPatchApi = { patch: async () => Promise.reject(refusal) };
    expect(await saveGateSettings(api, "port", { device: "e1", id: "c1" }, defaultSettings())).toEqual({
      ok: false,
      message: "invalid request",
      errors: { motionThreshold: "Too big", zone: "edges 1 and 3 intersect" },
    });
    expect(serverFieldErrors(undefined)).toEqual({});
  });
});
