import type { GateLog } from "@sitewatch/hub/api-types";
import { formatNumber, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { CropThumbnail } from "./crop-thumbnail.js";
import { displayNumber, hasValidCode } from "./gate-filters.js";
import { gateLogMessages } from "./messages.js";

const DIRECTIONS = new Set(["in", "out", "unknown"]);

/**
 * The entries, newest first; rows that just arrived live carry `gate-row-new` (a brief highlight). A
 * row without a valid code shows what OCR read, marked as not valid, never formatted like a code. A
 * row of the same passage as the one above (another container of that truck) is marked as such, so a
 * two-container truck reads as one vehicle.
 */
export function GateLogTable({ entries, fresh }: { entries: GateLog[]; fresh: ReadonlySet<string> }) {
  const t = useMessages(gateLogMessages);
  const { locale } = useLocale();
  return (
    <div className="table-scroll">
      <table className="gate-table">
        <caption className="visually-hidden">{t("title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("col.time")}</th>
            <th scope="col">{t("col.crop")}</th>
            <th scope="col">{t("col.number")}</th>
            <th scope="col">{t("col.check")}</th>
            <th scope="col">{t("col.direction")}</th>
            <th scope="col">{t("col.camera")}</th>
            <th scope="col">{t("col.vehicle")}</th>
            <th scope="col">{t("col.confidence")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={e.id} data-id={e.id} className={rowClass(e, entries[i - 1], fresh)}>
              <td>
                {formatTime(e.at, locale, true)}
                {samePassage(e, entries[i - 1]) && (
                  <span className="gate-same-passage" title={t("passage.same")}>
                    {" "}
                    ↳ <span className="visually-hidden">{t("passage.same")}</span>
                  </span>
                )}
              </td>
              <td>
                <CropThumbnail row={e} />
              </td>
              <NumberCell row={e} />
              <td>
                <CheckDigit valid={e.checkDigitValid} />
              </td>
              <td>{t(`dir.${DIRECTIONS.has(e.direction) ? e.direction : "unknown"}` as "dir.in")}</td>
              <td>
                {e.device} / {e.camera}
              </td>
              <td>{[e.vehicleClass, e.plate].filter(Boolean).join(" · ") || "–"}</td>
              <td>{formatNumber(e.confidence * 100, locale, 0)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function samePassage(row: GateLog, above: GateLog | undefined): boolean {
  return row.passage != null && above?.passage === row.passage;
}

function rowClass(row: GateLog, above: GateLog | undefined, fresh: ReadonlySet<string>) {
  const names = [fresh.has(row.id) && "gate-row-new", samePassage(row, above) && "gate-row-same-passage"];
  return names.filter(Boolean).join(" ") || undefined;
}

function NumberCell({ row }: { row: GateLog }) {
  const t = useMessages(gateLogMessages);
  if (hasValidCode(row))
    return (
      <td className="gate-number" title={row.rawText}>
        {displayNumber(row)}
      </td>
    );
  return (
    <td className="gate-number gate-number-unverified" title={t("number.unverified")}>
      {displayNumber(row)}
    </td>
  );
}

function CheckDigit({ valid }: { valid: boolean | null }) {
  const t = useMessages(gateLogMessages);
  if (valid === null) return <span className="check check-none">– {t("check.none")}</span>;
  return valid ? (
    <span className="check check-valid">✓ {t("check.valid")}</span>
  ) : (
    <span className="check check-invalid">✗ {t("check.invalid")}</span>
  );
}
