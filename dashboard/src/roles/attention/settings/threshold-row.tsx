import { defaultAttentionThresholds } from "@sitewatch/shared-protocol/attention";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { attentionSettingsMessages } from "./messages.js";
import { type ThresholdKey, thresholdDescription, thresholdUnit } from "./threshold-draft.js";

export interface ThresholdRowProps {
  name: ThresholdKey;
  /** The value sessions get now (as last loaded or saved), not the draft's. */
  effective: number;
  /** The typed override; undefined when the site follows the default. */
  text: string | undefined;
  error: string | undefined;
  onChange(text: string | undefined): void;
}

/**
 * One threshold: its schema name, unit and description, the value in effect, this site's override and
 * a reset that removes the override. Durations are entered in milliseconds, as the hub stores them,
 * and the value in effect also reads in seconds.
 */
export function ThresholdRow({ name, effective, text, error, onChange }: ThresholdRowProps) {
  const t = useMessages(attentionSettingsMessages);
  const { locale } = useLocale();
  const unit = thresholdUnit(name);
  const id = `threshold-${name}`;
  const number = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 3 });
  const shown =
    unit === "ms"
      ? `${number(effective)} ms (${t("seconds", { value: number(effective / 1000) })})`
      : number(effective);
  const describedBy = error ? `${id}-desc ${id}-error` : `${id}-desc`;
  return (
    <tr data-threshold={name} data-overridden={text !== undefined || undefined}>
      <th scope="row">
        <label htmlFor={id}>
          <code>{name}</code> <span className="unit">({t(`unit.${unit}`)})</span>
        </label>
        <p id={`${id}-desc`} className="hint">
          {thresholdDescription(name)}
        </p>
      </th>
      <td className="effective">{shown}</td>
      <td>
        <input
          id={id}
          value={text ?? ""}
          inputMode={unit === "ms" ? "numeric" : "decimal"}
          spellCheck={false}
          placeholder={t("followsDefault", { value: defaultAttentionThresholds[name] })}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </td>
      <td>
        <button
          type="button"
          className="secondary"
          disabled={text === undefined}
          aria-label={t("resetLabel", { key: name })}
          onClick={() => onChange(undefined)}
        >
          {t("reset")}
        </button>
      </td>
    </tr>
  );
}
