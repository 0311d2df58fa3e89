import {
  eventIdSchema,
  gateActivitySchema,
  gateCropSchema,
  gateEntrySchema,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import type { RawImage } from "../../vision/image/raw-image.js";
import type { EncodeImageOptions, ImageEncoder, RoleEvent } from "../role-module.js";
import { CROP_MAX_WIDTH, MAX_CROP_BASE64 } from "./crop-events.js";
import { GateActivity, MAX_ACTIVITY_PER_FRAME } from "./gate-activity.js";
import {
  CODE,
  codeIn,
  empty,
  entries,
  setupGate,
  slide,
  truckAt,
  truckBox,
} from "./gate-analyzer.test-support.js";

/** An encoder that remembers what it was given and answers with a stand-in JPEG of the same size. */
function fakeEncoder(fail?: string) {
  const given: { image: RawImage; opts: EncodeImageOptions }[] = [];
  const encode: ImageEncoder = async (image, opts) => {
    given.push({ image, opts });
    if (fail) throw new Error(fail);
    const jpeg = Buffer.from(`jpeg ${image.width}x${image.height}`).toString("base64");
    return { jpeg, width: image.width, height: image.height, facesBlurred: true };
  };
  return { encode, given };
}

const envelope = () => ({ v: 1, id: uuidv7(), seq: 1, ts: Date.now() });
const activity = (events: readonly RoleEvent[]) =>
  events.flatMap((e) => (e.kind === "gateActivity" ? [e.fields] : []));

/** One truck through the lane: four empty frames, the slide, four empty frames; every frame's events. */
async function passage(gate: ReturnType<typeof setupGate>) {
  const frames: RoleEvent[][] = [];
  for (let i = 0; i < 4; i++) frames.push([...(await gate.step(empty, [])).events]);
  for (const x of slide) frames.push([...(await gate.step(truckAt(x), [truckBox(x)])).events]);
  for (let i = 0; i < 4; i++) frames.push([...(await gate.step(empty, [])).events]);
  return frames;
}

describe("gate entries leave with their crops", () => {
  it("follows each entry with its crop, which names the entry by the id it is sent with", async () => {
    const encoder = fakeEncoder();
    const gate = setupGate({}, { encodeImage: encoder.encode });
    gate.answer(codeIn(CODE, true));
    const events = (await passage(gate)).flat().filter((e) => e.kind !== "gateActivity");
    expect(events.map((e) => e.kind)).toEqual(["gateEntry", "gateCrop"]);
    const [entry, crop] = events;
    if (entry?.kind !== "gateEntry" || crop?.kind !== "gateCrop") throw new Error("no entry and crop");
    expect(eventIdSchema.safeParse(entry.id).success).toBe(true);
    expect(crop.fields.entry).toBe(entry.id);
    expect(gateEntrySchema.safeParse({ ...envelope(), ...entry.fields }).success).toBe(true);
    expect(gateCropSchema.safeParse({ ...envelope(), ...crop.fields }).success).toBe(true);

    // The encoder got the tracked region of the best read frame, with the protocol's limit.
    expect(encoder.given).toHaveLength(1);
    const { image, opts } = encoder.given[0] ?? {};
    expect(opts).toEqual({ maxBase64: MAX_CROP_BASE64, maxWidth: CROP_MAX_WIDTH });
    expect([crop.fields.width, crop.fields.height]).toEqual([image?.width, image?.height]);
    expect(image?.height).toBe(88); // the 80 px truck grown by 5 % above and below
    // Handed over: nothing is left to take, and the state file counts it.
    expect(gate.gate.takeCrop(entry.fields.snapshotRef ?? "")).toBeUndefined();
    expect(gate.gate.state()).toMatchObject({ gate: { entries: 1, crops: 1 } });
  });

  it("sends the entry without a crop when the picture cannot be made, and says why", async () => {
    const encoder = fakeEncoder("faces cannot be blurred, so no picture is sent: no model");
    const gate = setupGate({}, { encodeImage: encoder.encode });
    gate.answer(codeIn(CODE, true));
    const events = (await passage(gate)).flat();
    expect(entries(events)).toHaveLength(1);
    expect(events.some((e) => e.kind === "gateCrop")).toBe(false);
    const errors = activity(events).filter((a) => a.event === "error");
    expect(errors).toEqual([
      {
        event: "error",
        message: expect.stringMatching(/^crop of gate\/lane\/1\/\d+ not sent: faces cannot/),
      },
    ]);
  });

  it("sends the crops of a passage the camera's outage finished, behind their entries", async () => {
    const encoder = fakeEncoder();
    const gate = setupGate({}, { encodeImage: encoder.encode });
    gate.answer(codeIn(CODE, true));
    for (const x of slide.slice(0, 4)) await gate.step(truckAt(x), [truckBox(x)]);
    const down = await gate.gate.cameraDown();
    expect(down.map((e) => (e.kind === "gateActivity" ? e.fields.event : e.kind))).toEqual([
      "gateEntry",
      "gateCrop",
      "processing-stopped",
    ]);
  });
});

describe("gate activity", () => {
  it("tells a viewer the lane started, the truck was seen, each read and its result, and the lane stopped", async () => {
    const gate = setupGate();
    gate.answer(codeIn("CSQU3054384", false), codeIn(CODE, true));
    const frames = await passage(gate);
    const all = frames.flatMap(activity);
    for (const a of all) expect(gateActivitySchema.safeParse({ ...envelope(), ...a }).success).toBe(true);
    expect(all[0]).toEqual({ event: "processing-started" });
    expect(all.at(-1)).toEqual({ event: "processing-stopped" });
    // Started on the truck's first frame, stopped on the frame its track ended (with the entry).
    expect(frames.findIndex((f) => activity(f).length > 0)).toBe(4);
    expect(frames.findIndex((f) => entries(f).length > 0)).toBe(
      frames.findLastIndex((f) => activity(f).length > 0),
    );
    expect(all.filter((a) => a.event === "detected")).toEqual([{ event: "detected", trackId: 1 }]);
    // Every read is announced, then answered; the first read a wrong code, the later ones the right one.
    const reads = all.filter((a) => a.event === "capture-attempt" || a.event === "ocr-result");
    expect(reads).toHaveLength(2 * gate.calls.read.length);
    expect(reads.slice(0, 4)).toEqual([
      { event: "capture-attempt", trackId: 1 },
      { event: "ocr-result", trackId: 1, text: "CSQU3054384", valid: false },
      { event: "capture-attempt", trackId: 1 },
      { event: "ocr-result", trackId: 1, text: CODE, valid: true },
    ]);
    for (const f of frames) expect(activity(f).length).toBeLessThanOrEqual(MAX_ACTIVITY_PER_FRAME);
  });

  it("reports a failed read as an error of its track and carries on reading", async () => {
    const gate = setupGate();
    gate.answer(
      () => {
        throw new Error("ocr session busy");
      },
      codeIn(CODE, true),
    );
    const events = (await passage(gate)).flat();
    expect(activity(events).filter((a) => a.event === "error")).toEqual([
      { event: "error", trackId: 1, message: "reading track 1 failed: ocr session busy" },
    ]);
    expect(entries(events).map((e) => e.fields.container?.checkDigitValid)).toEqual([true]);
    expect(gate.gate.state()).toMatchObject({ gate: { readErrors: 1, lastReadError: "ocr session busy" } });
  });

  it("keeps a busy frame to a few events, the lane's state and errors first", () => {
    const feed = new GateActivity();
    for (let track = 1; track <= 4; track++) {
      feed.detected(track);
      feed.attempt(track);
      feed.result(track, []);
    }
    feed.error("reading track 4 failed: x", 4);
    expect(feed.take(true)).toEqual([
      { kind: "gateActivity", fields: { event: "processing-started" } },
      { kind: "gateActivity", fields: { event: "ocr-result", trackId: 1, valid: false } },
      { kind: "gateActivity", fields: { event: "ocr-result", trackId: 2, valid: false } },
      { kind: "gateActivity", fields: { event: "error", trackId: 4, message: "reading track 4 failed: x" } },
    ]);
    expect(feed.take(true)).toEqual([]);
    expect(feed.take(false)).toEqual([{ kind: "gateActivity", fields: { event: "processing-stopped" } }]);
  });
});
