import type { AttentionSettings } from "@sitewatch/hub/api-types";
import { useMemo, useState } from "react";
import { SaveBar, type SaveState } from "../../../components/save-status.js";
import { useMessages } from "../../../i18n/locale.js";
import { attentionSettingsMessages } from "./messages.js";
import { type AttentionSettingsApi, saveAttentionSettings } from "./save-attention-settings.js";
import {
  checkDraft,
  draftOf,
  type ThresholdDraft,
  type ThresholdErrors,
  thresholdKeys,
} from "./threshold-draft.js";
import { ThresholdRow } from "./threshold-row.js";

export interface ThresholdsFormProps {
  api: AttentionSettingsApi;
  site: string;
  settings: AttentionSettings;
  onSaved(settings: AttentionSettings): void;
}

/** The site's overrides as a form: edit, reset per field, save the whole set with one PUT. */
export function ThresholdsForm({ api, site, settings, onSaved }: ThresholdsFormProps) {
  const t = useMessages(attentionSettingsMessages);
  const original = useMemo(() => draftOf(settings.overrides), [settings.overrides]);
  const [draft, setDraft] = useState<ThresholdDraft>(original);
  const [hubErrors, setHubErrors] = useState<ThresholdErrors>({});
  const [status, setStatus] = useState<SaveState>({ kind: "idle" });
  const texts = useMemo(
    () => ({
      notANumber: t("notANumber"),
      notWhole: t("notWhole"),
      outOfRange: (r: { min: number; max: number }) => t("outOfRange", r),
    }),
    [t],
  );
  const check = useMemo(() => checkDraft(draft, texts), [draft, texts]);
  const errors: ThresholdErrors = { ...hubErrors, ...(check.ok ? {} : check.errors) };
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);
  // A reload after a reconnect may bring another manager's save: it refreshes an untouched form only.
  const [seen, setSeen] = useState(original);
  if (seen !== original) {
    setSeen(original);
    if (JSON.stringify(draft) === JSON.stringify(seen)) setDraft(original);
  }

  const change = (next: ThresholdDraft) => {
    setHubErrors({});
    if (status.kind === "done") setStatus({ kind: "idle" });
    setDraft(next);
  };
  const edit = (key: keyof ThresholdDraft, text: string | undefined) => {
    const next = { ...draft };
    if (text === undefined) delete next[key];
    else next[key] = text;
    change(next);
  };

  const save = async () => {
    if (!check.ok) return setStatus({ kind: "done", lines: [t("fixFirst")], failed: true });
    if (!dirty) return setStatus({ kind: "done", lines: [t("nothingToSave")], failed: false });
    setStatus({ kind: "saving" });
    const result = await saveAttentionSettings(api, site, check.overrides);
    if (!result.ok) {
      setHubErrors(result.errors);
      setStatus({ kind: "done", lines: [t("saveFailed", { message: result.message })], failed: true });
      return;
    }
    onSaved(result.settings);
    setDraft(draftOf(result.settings.overrides));
    setStatus({ kind: "done", lines: [t("saved")], failed: false });
  };

  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <table className="thresholds">
        <thead>
          <tr>
            <th scope="col">{t("col.threshold")}</th>
            <th scope="col">{t("col.effective")}</th>
            <th scope="col">{t("col.override")}</th>
            <td />
          </tr>
        </thead>
        <tbody>
          {thresholdKeys.map((key) => (
            <ThresholdRow
              key={key}
              name={key}
              effective={settings.effective[key]}
              text={draft[key]}
              error={errors[key]}
              onChange={(text) => edit(key, text)}
            />
          ))}
        </tbody>
      </table>
      <SaveBar
        state={status}
        unsaved={dirty ? t("unsaved") : undefined}
        labels={{ save: t("save"), saving: t("saving"), discard: t("discard") }}
        dirty={dirty}
        onDiscard={() => change(original)}
      >
        <button
          type="button"
          className="secondary"
          disabled={Object.keys(draft).length === 0 || status.kind === "saving"}
          onClick={() => change({})}
        >
          {t("resetAll")}
        </button>
      </SaveBar>
    </form>
  );
}
