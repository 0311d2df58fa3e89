import type { Camera, Push } from "@sitewatch/hub/api-types";
import type { GateSettings } from "@sitewatch/shared-protocol";
import { ApiRequestError } from "../../../api/api-client.js";
import { type FieldErrors, fieldOf } from "./settings-draft.js";

/**
 * A gate camera as the hub returns it: `gate` holds the settings the hub pushes to the device; null
 * (or absent, from a hub before gate settings) means the device keeps its own config file's.
 */
export type GateCameraView = Camera & { gate?: GateSettings | null };

/** The part of ApiClient saving needs, so tests can hand in a fake. */
export interface CameraPatchApi {
  patch<T>(path: string, body: unknown): Promise<T>;
}

export type SaveResult =
  | { ok: true; camera: GateCameraView; push: Push }
  | { ok: false; message: string; errors: FieldErrors };

export function cameraPath(site: string, camera: Pick<Camera, "device" | "id">): string {
  const part = encodeURIComponent;
  return `/api/v1/sites/${part(site)}/devices/${part(camera.device)}/cameras/${part(camera.id)}`;
}

/**
 * PATCHes the camera with `{ gate }`: the hub stores the settings and pushes the device's new
 * configuration, and answers with the camera and what became of that push.
 */
export async function saveGateSettings(
  api: CameraPatchApi,
  site: string,
  camera: Pick<Camera, "device" | "id">,
  settings: GateSettings,
): Promise<SaveResult> {
  try {
    const { push, ...saved } = await api.patch<GateCameraView & { push: Push }>(cameraPath(site, camera), {
      gate: settings,
    });
    return { ok: true, camera: saved, push };
  } catch (err) {
    if (!(err instanceof ApiRequestError)) return { ok: false, message: String(err), errors: {} };
    return { ok: false, message: err.message, errors: serverFieldErrors(err.details) };
  }
}

/**
 * The hub's VALIDATION_FAILED details (`[{ path: "gate.motion.threshold", message }]`) on the form
 * fields they name, so a refusal the form did not foresee still shows where it belongs.
 */
export function serverFieldErrors(details: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!Array.isArray(details)) return errors;
  for (const issue of details as { path?: unknown; message?: unknown }[]) {
    if (typeof issue?.path !== "string" || typeof issue.message !== "string") continue;
    const [head, ...rest] = issue.path.split(".");
    if (head !== "gate") continue;
    const field = fieldOf(rest);
    errors[field] ??= issue.message;
  }
  return errors;
}
