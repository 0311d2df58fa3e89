import type { Point } from "@sitewatch/shared-protocol";
import { useMessages } from "../../../i18n/locale.js";
import { type DirectionLine, defaultLine, swapLine } from "./direction-line.js";
import { gateSettingsMessages } from "./messages.js";
import { defaultSettings, type FieldErrors } from "./settings-draft.js";

export interface ShapeControlsProps {
  zone: Point[];
  line?: DirectionLine;
  errors: FieldErrors;
  onZone(zone: Point[]): void;
  onLine(line: DirectionLine | undefined): void;
}

/**
 * Under the picture: what the zone and the direction line are, the complaints about them, and the
 * edits that need no pointer (reset the zone, add, swap or remove the line).
 */
export function ShapeControls({ zone, line, errors, onZone, onLine }: ShapeControlsProps) {
  const t = useMessages(gateSettingsMessages);
  return (
    <div className="shape-controls">
      <section aria-labelledby="gate-zone-title">
        <h2 id="gate-zone-title">{t("zone")}</h2>
        <p className="hint">{t("zoneHint")}</p>
        <div className="row">
          <span>{t("zoneCorners", { count: zone.length })}</span>
          <button type="button" className="secondary" onClick={() => onZone(defaultSettings().zone)}>
            {t("zoneReset")}
          </button>
        </div>
        {errors.zone && (
          <p className="field-error" role="alert">
            {errors.zone}
          </p>
        )}
      </section>
      <section aria-labelledby="gate-line-title">
        <h2 id="gate-line-title">{t("line")}</h2>
        <p className="hint">{line ? t("lineHint") : t("lineNone")}</p>
        <div className="row">
          {line ? (
            <>
              <button type="button" className="secondary" onClick={() => onLine(swapLine(line))}>
                {t("lineSwap")}
              </button>
              <button type="button" className="secondary" onClick={() => onLine(undefined)}>
                {t("lineRemove")}
              </button>
            </>
          ) : (
            <button type="button" className="secondary" onClick={() => onLine(defaultLine())}>
              {t("lineAdd")}
            </button>
          )}
        </div>
        {errors.directionLine && (
          <p className="field-error" role="alert">
            {errors.directionLine}
          </p>
        )}
      </section>
    </div>
  );
}
