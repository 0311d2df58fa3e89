import type {
  AttentionSettings,
  AttentionThresholdOverrides,
  UpdateAttentionSettingsBody,
} from "@sitewatch/hub/api-types";
import { ApiRequestError } from "../../../api/api-client.js";
import { serverErrors, type ThresholdErrors } from "./threshold-draft.js";

/** The REST calls the page needs (ApiClient has them; tests stand in for it). */
export interface AttentionSettingsApi {
  get<T>(path: string): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

export const settingsPath = (site: string) => `/api/v1/sites/${encodeURIComponent(site)}/attention-settings`;

export type SaveResult =
  | { ok: true; settings: AttentionSettings }
  | { ok: false; message: string; errors: ThresholdErrors };

/** PUTs the site's whole set of overrides (it replaces the stored one); `{}` returns it to the defaults. */
export async function saveAttentionSettings(
  api: AttentionSettingsApi,
  site: string,
  overrides: AttentionThresholdOverrides,
): Promise<SaveResult> {
  const body: UpdateAttentionSettingsBody = { thresholds: overrides };
  try {
    return { ok: true, settings: await api.put<AttentionSettings>(settingsPath(site), body) };
  } catch (err) {
    if (!(err instanceof ApiRequestError)) return { ok: false, message: String(err), errors: {} };
    return { ok: false, message: err.message, errors: serverErrors(err.details) };
  }
}
