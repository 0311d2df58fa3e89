import type { Ocr } from "../../vision/ocr/ocr.js";
import type { RoleModule } from "../role-module.js";
import { CodeReader } from "./code/code-reader.js";
import { GateAnalyzer } from "./gate-analyzer.js";
import { gateCameraSchema, gateFromPush } from "./gate-config.js";
import { type ContainerReader, type PictureCodeReader, regionReader } from "./gate-reader.js";
import { PassageGroups } from "./passage-group.js";

export interface GateRoleOptions {
  /** How the shared OCR model becomes a container reader; default: the code reader on the tracked region. */
  reader?: (ocr: Ocr) => ContainerReader;
  /** Quiet time after a grouped passage's last track before it is voted (PassageGroup). */
  passageLingerMs?: number;
}

/**
 * roles/gate/code's CodeReader over the agent's shared Ocr (which it does not close). Creating it with a
 * given Ocr loads nothing, but the factory is async, so the first read waits for it.
 */
function sharedCodeReader(ocr: Ocr): PictureCodeReader {
  let reader: Promise<CodeReader> | undefined;
  return {
    read: async (picture) => {
      reader ??= CodeReader.create({ ocr });
      return (await reader).read(picture);
    },
  };
}

/**
 * The gate role: shared detector and OCR, a GateAnalyzer per camera. Capture idles at the camera's
 * `intervalMs` and samples at `activeIntervalMs` while a vehicle is in the zone (or a grouped passage
 * is still open). Cameras naming the same `passageGroup` share one PassageGroup of this module
 * instance; the agent's role table holds one, so that is one agent's set of groups.
 */
export function createGateRole(
  options: GateRoleOptions = {},
): RoleModule<typeof gateCameraSchema, "detector" | "ocr"> {
  const groups = new PassageGroups(options.passageLingerMs);
  const readerOf = options.reader ?? ((ocr: Ocr) => regionReader(sharedCodeReader(ocr)));
  return {
    camera: gateCameraSchema,
    fromPush: gateFromPush,
    models: ["detector", "ocr"],
    capture: (camera) => ({
      intervalMs: camera.intervalMs,
      activeIntervalMs: Math.min(camera.intervalMs, camera.activeIntervalMs),
      maxWidth: camera.maxWidth,
    }),
    create: (camera, ctx) =>
      new GateAnalyzer(camera, {
        detector: ctx.models.detector,
        reader: readerOf(ctx.models.ocr),
        scoreThreshold: ctx.scoreThreshold,
        now: () => ctx.now(),
        group: (name) => groups.get(name),
        encodeImage: ctx.encodeImage,
      }),
  };
}

export const gateRole = createGateRole();
