import type { ReactNode } from "react";
import { useMessages } from "../../../i18n/locale.js";
import { gateSettingsMessages } from "./messages.js";
import type { FieldErrors, SettingsDraft } from "./settings-draft.js";

type TextField = Exclude<keyof SettingsDraft, "zone" | "directionLine" | "motionEnabled">;
type Key = keyof (typeof gateSettingsMessages)["en"];

export interface SettingsFieldsProps {
  draft: SettingsDraft;
  errors: FieldErrors;
  onChange(patch: Partial<SettingsDraft>): void;
}

/** The typed settings of a gate camera; each field shows the schema's complaint about it under it. */
export function SettingsFields({ draft, errors, onChange }: SettingsFieldsProps) {
  const t = useMessages(gateSettingsMessages);
  const field = (name: TextField, hint?: Key, inputMode: "numeric" | "decimal" | "text" = "numeric") => (
    <Field name={name} label={t(name)} hint={hint && t(hint)} error={errors[name]}>
      {(describedBy) => (
        <input
          id={`gate-${name}`}
          value={draft[name]}
          inputMode={inputMode}
          spellCheck={false}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange({ [name]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <div className="settings-fields">
      <fieldset>
        <legend>{t("detection")}</legend>
        {field("vehicleClasses", "vehicleClassesHint", "text")}
        {field("activeIntervalMs")}
        {field("scoreThreshold", "scoreThresholdHint", "decimal")}
        {field("minTrackFrames")}
        {field("lostAfterFrames")}
        {field("maxOcrFrames")}
        {field("passageGroup", "passageGroupHint", "text")}
      </fieldset>
      <fieldset>
        <legend>{t("motion")}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.motionEnabled}
            onChange={(e) => onChange({ motionEnabled: e.target.checked })}
          />
          {t("motionEnabled")}
        </label>
        {errors.motionEnabled && (
          <p className="field-error" role="alert">
            {errors.motionEnabled}
          </p>
        )}
        {field("motionThreshold", undefined, "decimal")}
        {field("motionForceEvery")}
      </fieldset>
    </div>
  );
}

function Field(props: {
  name: TextField;
  label: string;
  hint?: string;
  error?: string;
  children(describedBy: string | undefined): ReactNode;
}) {
  const { name, label, hint, error, children } = props;
  const hintId = `gate-${name}-hint`;
  const errorId = `gate-${name}-error`;
  const describedBy = [hint && hintId, error && errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="settings-field">
      <label htmlFor={`gate-${name}`}>{label}</label>
      {children(describedBy)}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
