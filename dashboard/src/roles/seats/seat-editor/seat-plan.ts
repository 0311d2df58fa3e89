import type { Seat } from "@sitewatch/hub/api-types";
import { type Point, polygonProblem, seatIdSchema } from "@sitewatch/shared-protocol";

/*
 * The seat side of the editor: seats as it holds them, their checks before saving, and the REST calls
 * a save needs. Drawing and moving the polygons is role-neutral (components/polygon-editing.ts).
 */

/** A seat as the editor holds it: `originalId` is the id stored at the hub (undefined for a new seat). */
export interface EditorSeat {
  key: string;
  id: string;
  originalId?: string;
  device: string;
  camera: string;
  polygon: Point[];
}

export type SeatProblems = { name?: string; polygon?: string };

export function fromSeat(seat: Seat): EditorSeat {
  return {
    key: seat.id,
    id: seat.id,
    originalId: seat.id,
    device: seat.device,
    camera: seat.camera,
    polygon: seat.polygon.map(([x, y]) => [x, y] as Point),
  };
}

/**
 * What is wrong with one seat before it is sent: the same id rule and polygon check the hub applies,
 * plus a name used twice in the editor (ids are unique per site; other cameras' seats count too).
 */
export function seatProblems(seat: EditorSeat, others: readonly { id: string }[]): SeatProblems {
  const problems: SeatProblems = {};
  const name = seatIdSchema.safeParse(seat.id);
  if (!seat.id) problems.name = "required";
  else if (!name.success) problems.name = name.error.issues[0]?.message ?? "invalid";
  else if (others.some((o) => o.id === seat.id)) problems.name = "duplicate";
  const polygon = polygonProblem(seat.polygon);
  if (polygon) problems.polygon = polygon;
  return problems;
}

export const hasProblems = (p: SeatProblems) => Boolean(p.name || p.polygon);

export interface SavePlan {
  create: EditorSeat[];
  update: EditorSeat[];
  /** Stored ids to delete: removed seats, and the old id of a renamed seat (ids cannot change). */
  remove: { id: string; device: string }[];
}

const samePolygon = (a: readonly Point[], b: readonly Point[]) =>
  a.length === b.length && a.every((p, i) => p[0] === b[i]?.[0] && p[1] === b[i]?.[1]);

/** The REST calls that turn `original` (as loaded) into `edited`; unchanged seats make none. */
export function planSave(original: readonly EditorSeat[], edited: readonly EditorSeat[]): SavePlan {
  const plan: SavePlan = { create: [], update: [], remove: [] };
  const before = new Map(original.map((s) => [s.originalId ?? s.id, s]));
  const kept = new Set<string>();
  for (const seat of edited) {
    const old = seat.originalId ? before.get(seat.originalId) : undefined;
    if (!old) plan.create.push(seat);
    else if (old.id !== seat.id) {
      plan.create.push(seat);
    } else {
      kept.add(old.id);
      if (!samePolygon(old.polygon, seat.polygon)) plan.update.push(seat);
    }
  }
  for (const old of original) if (!kept.has(old.id)) plan.remove.push({ id: old.id, device: old.device });
  return plan;
}

export const planSize = (plan: SavePlan) => plan.create.length + plan.update.length + plan.remove.length;
