import { gateEntrySchema, iso6346CheckDigit, uuidv7 } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import type { Box } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import type { RoleEvent } from "../role-module.js";
import {
  CODE,
  codeIn,
  empty,
  entries,
  type GateSetupOptions,
  setupGate,
  slide,
  truckAt,
  truckBox,
  WRONG,
} from "./gate-analyzer.test-support.js";
import { PassageGroups } from "./passage-group.js";

const setup = (extra: Record<string, unknown> = {}, shared?: GateSetupOptions["shared"]) =>
  setupGate(extra, { shared });

describe("GateAnalyzer", () => {
  it("turns one truck sliding through the zone into exactly one valid, directed gate entry", async () => {
    const { gate, step, calls, answer } = setup();
    answer(codeIn(WRONG, false), codeIn(CODE, true));
    const out: { active?: boolean; events: RoleEvent[]; at: number }[] = [];
    const run = async (frame: RawImage, seen: Box[]) => {
      const r = await step(frame, seen);
      out.push({ active: r.active, events: [...r.events], at: out.length });
    };
    for (let i = 0; i < 4; i++) await run(empty, []);
    // A static empty lane wakes the detector once (nothing to compare with yet), then not at all.
    expect(calls.detect).toBe(1);
    for (const x of slide) await run(truckAt(x), [truckBox(x)]);
    for (let i = 0; i < 4; i++) await run(empty, []);

    expect(out.map((o) => o.active)).toEqual([
      ...Array(4).fill(false),
      // The truck, the frame it is missing, the frame it is lost, and one more while the camera's own
      // passage lingers (600 ms) for fragments of the same truck.
      ...Array(slide.length + 3).fill(true),
      ...Array(1).fill(false),
    ]);
    const all = out.flatMap((o) => entries(o.events));
    expect(all).toHaveLength(1);
    expect(out.findIndex((o) => entries(o.events).length > 0)).toBe(4 + slide.length + 3);
    const fields = all[0]?.kind === "gateEntry" ? all[0].fields : undefined;
    expect(fields).toMatchObject({
      container: { ownerCode: "CSQ", category: "U", serial: "305438", checkDigit: 3, checkDigitValid: true },
      rawText: CODE,
      direction: "in",
      trackId: 1,
      vehicleClass: "truck",
    });
    // Three picks as the truck neared the middle: once wrong (invalid), then twice right.
    expect(calls.read).toHaveLength(3);
    const parsed = gateEntrySchema.safeParse({ v: 1, id: uuidv7(), seq: 1, ts: Date.now(), ...fields });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);

    // The crop is the best read frame's tracked region, handed over once.
    const ref = fields?.snapshotRef ?? "";
    expect(ref).toMatch(/^gate\/lane\/1\/\d+$/);
    const crop = gate.takeCrop(ref);
    expect(crop?.at).toBe(fields?.at);
    expect(crop && [crop.image.width, crop.image.height]).toEqual([
      crop ? crop.box[2] - crop.box[0] : -1,
      crop ? crop.box[3] - crop.box[1] : -1,
    ]);
    expect(gate.takeCrop(ref)).toBeUndefined();
    expect(gate.state()).toMatchObject({ gate: { tracks: [], entries: 1, last: { valid: true } } });
  });

  it("lets fragments of one truck on one camera vote together: one entry, no empty ones", async () => {
    const { step, answer } = setup();
    // The detector also boxes a second part lower down; only the container's region reads.
    answer((region) => (region[1] < 120 ? codeIn(CODE, true)(region) : []));
    const low = (x: number): Box => [x, 175, x + 60, 235];
    const events: RoleEvent[] = [];
    for (const x of slide) events.push(...(await step(truckAt(x), [truckBox(x), low(x)])).events);
    for (let i = 0; i < 4; i++) events.push(...(await step(empty, [])).events);
    const all = entries(events);
    expect(all).toHaveLength(1);
    expect(all[0]?.fields).toMatchObject({ rawText: CODE, container: { checkDigitValid: true } });
  });

  it("gives the containers of one truck one passage id, and the next truck another", async () => {
    const { step, answer } = setup();
    const second = `MSCU123456${iso6346CheckDigit("MSCU123456")}`;
    // Each frame shows two containers: one near the region's left edge, one further right.
    answer((region) => [
      ...codeIn(CODE, true)(region),
      {
        code: second,
        valid: true,
        confidence: 0.9,
        box: [region[0] + 60, 95, region[0] + 98, 110],
        rawText: second,
      },
    ]);
    const events: RoleEvent[] = [];
    for (const truck of [1, 2]) {
      for (const x of slide) events.push(...(await step(truckAt(x), [truckBox(x)])).events);
      for (let i = 0; i < 4; i++) events.push(...(await step(empty, [])).events);
      expect(entries(events), `after truck ${truck}`).toHaveLength(2 * truck);
    }
    const found = entries(events).map((e) => [e.fields.container?.ownerCode, e.fields.passage]);
    const [first, next] = [found[0]?.[1], found[2]?.[1]];
    expect(found).toEqual([
      ["CSQ", first],
      ["MSC", first],
      ["CSQ", next],
      ["MSC", next],
    ]);
    expect(next).not.toBe(first);
    for (const passage of [first, next]) expect(passage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });

  it("reports the raw text, never a valid code, when no read was valid", async () => {
    const { step, answer } = setup({ directionLine: undefined });
    answer(codeIn(WRONG, false));
    const events: RoleEvent[] = [];
    for (const x of [...slide].reverse()) events.push(...(await step(truckAt(x), [truckBox(x)])).events);
    for (let i = 0; i < 4; i++) events.push(...(await step(empty, [])).events);
    const [entry, ...more] = entries(events);
    expect(more).toEqual([]);
    expect(entry?.fields).toMatchObject({
      rawText: WRONG,
      direction: "unknown",
      container: { checkDigitValid: false },
    });
  });

  it("stops reading a passage once two frames agree on a valid code", async () => {
    const { step, calls, answer } = setup({ maxOcrFrames: 8 });
    answer(codeIn(CODE, true));
    for (const x of slide) await step(truckAt(x), [truckBox(x)]);
    expect(calls.read).toHaveLength(2);
  });

  it("ignores a vehicle seen on too few frames, outside the zone or of another class", async () => {
    const { step, calls } = setup({
      zone: [
        [0, 0],
        [0.5, 0],
        [0.5, 1],
        [0, 1],
      ],
    });
    const events: RoleEvent[] = [];
    events.push(...(await step(truckAt(20), [truckBox(20)])).events);
    for (let i = 0; i < 3; i++) events.push(...(await step(empty, [])).events);
    // Right half: outside the zone, however long it stays.
    for (let i = 0; i < 6; i++) events.push(...(await step(truckAt(220), [truckBox(220)])).events);
    expect(entries(events)).toEqual([]);
    expect(calls.read).toHaveLength(1);
    const buses = setup({ vehicleClasses: ["bus"] });
    const seen: RoleEvent[] = [];
    for (const x of slide) seen.push(...(await buses.step(truckAt(x), [truckBox(x)])).events);
    for (let i = 0; i < 3; i++) seen.push(...(await buses.step(empty, [])).events);
    expect([entries(seen), buses.calls.read]).toEqual([[], []]);
  });

  it("shows tracked boxes with id and capture state to a live viewer only", async () => {
    const { step, answer } = setup();
    answer(codeIn(CODE, true));
    expect((await step(empty, [], true)).overlay).toEqual([]);
    const quiet = await step(truckAt(10), [truckBox(10)]);
    expect(quiet.overlay).toBeUndefined();
    const watched = await step(truckAt(30), [truckBox(30)], true);
    expect(watched.overlay?.map((d) => [d.label, d.track, d.state, d.box])).toEqual([
      ["truck", 1, "captured", truckBox(30)],
    ]);
  });

  it("finishes a tracked truck when the camera goes down", async () => {
    const { gate, step, answer } = setup();
    answer(codeIn(CODE, true));
    for (const x of slide.slice(0, 4)) await step(truckAt(x), [truckBox(x)]);
    const down = entries(await gate.cameraDown());
    expect(down.map((e) => e.fields.container?.checkDigitValid)).toEqual([true]);
    expect(gate.state()).toMatchObject({ gate: { tracks: [] } });
    expect(await gate.cameraDown()).toEqual([]);
  });

  it("votes the cameras of one passage group into one entry once the passage is over", async () => {
    const shared = { groups: new PassageGroups(2_000), clock: { now: 0 } };
    const side = setup({ id: "side", passageGroup: "gate-1" }, shared);
    const rear = setup({ id: "rear", passageGroup: "gate-1" }, shared);
    side.answer(codeIn(WRONG, false));
    rear.answer(codeIn(CODE, true));
    const events: RoleEvent[] = [];
    const active: boolean[] = [];
    for (const x of slide) {
      events.push(...(await side.step(truckAt(x), [truckBox(x)])).events);
      events.push(...(await rear.step(truckAt(x), [truckBox(x)])).events);
    }
    for (let i = 0; i < 8; i++) {
      const s = await side.step(empty, []);
      const r = await rear.step(empty, []);
      events.push(...s.events, ...r.events);
      active.push(Boolean(s.active || r.active));
    }
    const all = entries(events);
    expect(all.map((e) => e.fields.container?.serial)).toEqual(["305438"]);
    expect(all[0]?.fields.snapshotRef).toMatch(/^gate\/rear\//);
    // Both tracks end on the second empty frame; capture stays fast while the passage lingers, then idles.
    expect(active.slice(0, 3)).toEqual([true, true, true]);
    expect(active.at(-1)).toBe(false);
  });
});
