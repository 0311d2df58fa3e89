import { useMessages } from "../../../i18n/locale.js";
import { type DayRange, presetRange, type RangePreset, validRange } from "./date-range.js";
import { statsMessages } from "./messages.js";

const PRESETS: RangePreset[] = ["today", "7d", "30d", "custom"];

/** Presets as a radio group (one tap on a tablet), plus two date inputs for a custom range. */
export function RangePicker({ value, onChange }: { value: DayRange; onChange(range: DayRange): void }) {
  const t = useMessages(statsMessages);
  const pick = (preset: RangePreset) =>
    onChange(preset === "custom" ? { ...value, preset } : presetRange(preset));
  return (
    <fieldset className="range-picker">
      <legend>{t("range")}</legend>
      <div className="presets">
        {PRESETS.map((p) => (
          <label key={p} className={value.preset === p ? "preset active" : "preset"}>
            <input type="radio" name="stats-range" checked={value.preset === p} onChange={() => pick(p)} />
            {t(`preset.${p}` as const)}
          </label>
        ))}
      </div>
      {value.preset === "custom" && (
        <div className="custom-range">
          <label>
            {t("from")}
            <input
              type="date"
              value={value.from}
              max={value.to}
              onChange={(e) => onChange({ ...value, from: e.target.value })}
            />
          </label>
          <label>
            {t("to")}
            <input
              type="date"
              value={value.to}
              min={value.from}
              onChange={(e) => onChange({ ...value, to: e.target.value })}
            />
          </label>
          {!validRange(value) && (
            <p role="alert" className="error">
              {t("invalidRange")}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
