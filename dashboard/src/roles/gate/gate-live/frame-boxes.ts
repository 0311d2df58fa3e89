import type { LiveFrame } from "@sitewatch/shared-protocol";

/** A box's capture state; `none` when the device sent none (a plain detection, not a gate track). */
export type BoxState = "tracking" | "capturing" | "captured" | "none";
const STATES: ReadonlySet<string> = new Set(["tracking", "capturing", "captured"]);

export interface FrameBox {
  /** Stable across frames for one track (React keeps its element), the position otherwise. */
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  state: BoxState;
  /** "#7 · truck · 91% · capturing" */
  label: string;
  labelX: number;
  labelY: number;
}

export interface FrameOverlay {
  /** In frame pixels: the overlay's viewBox is the frame, so it scales with the picture. */
  fontSize: number;
  strokeWidth: number;
  boxes: FrameBox[];
}

type FrameShape = Pick<LiveFrame, "width" | "height" | "detections">;

function clamp(v: number, max: number): number {
  return Math.min(max, Math.max(0, v));
}

/**
 * The boxes to draw over a live frame, in its pixel coordinates ([x1, y1, x2, y2] as the device sent
 * them): clipped to the picture, corners put in order, empty or non-finite boxes left out, each with
 * its label above it, or just inside its top edge when there is no room above.
 */
export function frameOverlay(frame: FrameShape, stateLabel: (state: BoxState) => string): FrameOverlay {
  // Text and lines in proportion to the picture, so a 640 px preview and a 1920 px frame read alike.
  const fontSize = Math.max(12, Math.round(frame.height / 36));
  const strokeWidth = Math.max(2, Math.round(frame.width / 400));
  const boxes: FrameBox[] = [];
  const keys = new Set<string>();
  frame.detections.forEach((d, index) => {
    if (!d.box.every(Number.isFinite)) return;
    const [a, b, c, e] = d.box;
    const x1 = clamp(Math.min(a, c), frame.width);
    const x2 = clamp(Math.max(a, c), frame.width);
    const y1 = clamp(Math.min(b, e), frame.height);
    const y2 = clamp(Math.max(b, e), frame.height);
    if (x2 - x1 < 1 || y2 - y1 < 1) return;
    const state: BoxState = d.state !== undefined && STATES.has(d.state) ? d.state : "none";
    const parts = [
      d.track !== undefined ? `#${d.track}` : undefined,
      d.cls,
      `${Math.round(d.score * 100)}%`,
      state === "none" ? undefined : stateLabel(state),
    ];
    const above = y1 >= fontSize + 4;
    // A track id seen twice in one frame (a device bug) must not give two elements one key.
    const trackKey = `track-${d.track}`;
    const key = d.track !== undefined && !keys.has(trackKey) ? trackKey : `box-${index}`;
    keys.add(key);
    boxes.push({
      key,
      x: x1,
      y: y1,
      width: x2 - x1,
      height: y2 - y1,
      state,
      label: parts.filter(Boolean).join(" · "),
      labelX: x1 + strokeWidth,
      labelY: above ? y1 - 4 : y1 + fontSize + strokeWidth,
    });
  });
  return { fontSize, strokeWidth, boxes };
}
