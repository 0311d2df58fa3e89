import type { Push, SeatWrite } from "@sitewatch/hub/api-types";
import { ApiRequestError } from "../../../api/api-client.js";
import type { EditorSeat, SavePlan } from "./seat-plan.js";

/** The part of ApiClient saving needs, so tests can hand in a fake. */
export interface SeatApi {
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export interface SaveError {
  /** The editor key of the seat, or the stored id of a seat being deleted. */
  key: string;
  field: "name" | "polygon" | "other";
  message: string;
}

export interface SaveOutcome {
  errors: SaveError[];
  /** The last push outcome per device: each write pushes the whole configuration again. */
  pushes: Push[];
}

/** Which field a hub error belongs to: a bad polygon, a taken or malformed id, or anything else. */
export function errorField(err: ApiRequestError): SaveError["field"] {
  if (err.code === "INVALID_POLYGON") return "polygon";
  if (err.code === "CONFLICT") return "name";
  if (err.code === "VALIDATION_FAILED") {
    const text = JSON.stringify(err.details ?? "") + err.message;
    if (/polygon/i.test(text)) return "polygon";
    if (/\bid\b|seat/i.test(text)) return "name";
  }
  return "other";
}

/** "invalid seat polygon: edges 1 and 3 intersect" plus the schema's field messages when it sent some. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof ApiRequestError)) return String(err);
  const details = err.details as { issues?: { path?: (string | number)[]; message?: string }[] } | undefined;
  const issues = details?.issues?.map((i) => `${(i.path ?? []).join(".")}: ${i.message}`).filter(Boolean);
  return issues?.length ? `${err.message} (${issues.join("; ")})` : err.message;
}

/**
 * Runs the plan one call at a time, so the device gets a consistent configuration after each step,
 * and keeps going past a failing seat: the others are saved, the failure is shown next to its seat.
 * A deleted id that a new seat reuses goes first (the hub would refuse the duplicate); a renamed
 * seat's old id goes last, after its new id was created, so a failure never loses the seat.
 */
export async function saveSeats(api: SeatApi, site: string, plan: SavePlan): Promise<SaveOutcome> {
  const base = `/api/v1/sites/${site}/seats`;
  const errors: SaveError[] = [];
  const pushes = new Map<string, Push>();
  const record = (push: Push | undefined) => push && pushes.set(push.device, push);
  const reused = new Set(plan.create.map((s) => s.id));
  const keepOld = new Set<string>();
  const fail = (key: string, err: unknown) =>
    errors.push({
      key,
      field: err instanceof ApiRequestError ? errorField(err) : "other",
      message: errorMessage(err),
    });
  const remove = async (id: string) => {
    try {
      record((await api.delete<{ push: Push }>(`${base}/${encodeURIComponent(id)}`)).push);
    } catch (err) {
      // Already gone (deleted elsewhere) is what we wanted.
      if (!(err instanceof ApiRequestError && err.status === 404)) fail(id, err);
    }
  };
  const write = async (seat: EditorSeat, op: "create" | "update") => {
    try {
      const saved =
        op === "create"
          ? await api.post<SeatWrite>(base, {
              id: seat.id,
              device: seat.device,
              camera: seat.camera,
              polygon: seat.polygon,
            })
          : await api.patch<SeatWrite>(`${base}/${encodeURIComponent(seat.id)}`, { polygon: seat.polygon });
      record(saved.push);
      record(saved.previousDevicePush);
    } catch (err) {
      fail(seat.key, err);
      if (seat.originalId && seat.originalId !== seat.id) keepOld.add(seat.originalId);
    }
  };
  for (const r of plan.remove) if (reused.has(r.id)) await remove(r.id);
  for (const seat of plan.create) await write(seat, "create");
  for (const seat of plan.update) await write(seat, "update");
  for (const r of plan.remove) if (!reused.has(r.id) && !keepOld.has(r.id)) await remove(r.id);
  return { errors, pushes: [...pushes.values()] };
}

/**
 * The working copy after a save: the hub's seats, with the edits that failed laid back on top so the
 * user can fix them (a failed new or renamed seat stays a new seat, a failed move keeps its polygon).
 * A renamed seat gets a new key (its old key is the stored seat's again); its errors follow it.
 */
export function mergeAfterSave(server: EditorSeat[], edited: EditorSeat[], errors: SaveError[]) {
  const failed = new Set(errors.map((e) => e.key));
  const rekey = new Map<string, string>();
  const seats = server.map((s) => {
    const mine = edited.find((e) => e.key === s.key && e.originalId === s.id && e.id === s.id);
    return mine && failed.has(mine.key) ? { ...s, polygon: mine.polygon } : s;
  });
  for (const e of edited) {
    const created = !e.originalId || e.originalId !== e.id;
    if (!created || !failed.has(e.key)) continue;
    const key = e.key.startsWith("new-") ? e.key : `new-${e.key}`;
    rekey.set(e.key, key);
    seats.push({ ...e, originalId: undefined, key });
  }
  return { seats, errors: errors.map((e) => ({ ...e, key: rekey.get(e.key) ?? e.key })) };
}
