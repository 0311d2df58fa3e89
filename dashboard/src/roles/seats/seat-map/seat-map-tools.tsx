import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useMessages } from "../../../i18n/locale.js";
import { CameraDialog } from "./camera-dialog.js";
import { planMessages } from "./plan-messages.js";
import { useSeatMap } from "./seat-map-context.js";

export type SeatMapView = "groups" | "plan";

interface CameraRef {
  key: string;
  device: string;
  camera: string;
}

export interface SeatMapToolsProps {
  site: string;
  view: SeatMapView;
  onView(view: SeatMapView): void;
}

/**
 * Above the seats: how they are arranged (grouped by camera, or on the room's floor plan) and a chip
 * per camera that opens its latest picture with the seats drawn over it.
 */
export function SeatMapTools({ site, view, onView }: SeatMapToolsProps) {
  const { store } = useSeatMap();
  const t = useMessages(planMessages);
  const entries = useSyncExternalStore(store.subscribeLayout, store.layout);
  const cameras = useMemo(() => {
    const byKey = new Map<string, CameraRef>();
    for (const e of entries)
      byKey.set(`${e.device}/${e.camera}`, {
        key: `${e.device}/${e.camera}`,
        device: e.device,
        camera: e.camera,
      });
    return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  }, [entries]);
  const [open, setOpen] = useState<CameraRef | undefined>(undefined);
  const opener = useRef<HTMLElement | null>(null);
  const close = useCallback(() => {
    setOpen(undefined);
    opener.current?.focus();
  }, []);

  return (
    <div className="seat-map-tools">
      <fieldset className="view-switch">
        <legend className="visually-hidden">{t("view.label")}</legend>
        {(["groups", "plan"] as const).map((v) => (
          <button
            key={v}
            type="button"
            className="secondary"
            aria-pressed={view === v}
            onClick={() => onView(v)}
          >
            {t(v === "groups" ? "view.groups" : "view.plan")}
          </button>
        ))}
      </fieldset>
      {cameras.length > 0 && (
        <ul className="camera-chips" aria-label={t("cameras.label")}>
          {cameras.map((c) => (
            <li key={c.key}>
              <button
                type="button"
                className="secondary camera-chip"
                onClick={(e) => {
                  opener.current = e.currentTarget;
                  setOpen(c);
                }}
              >
                {t("camera.open", { camera: c.camera, device: c.device })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && <CameraDialog site={site} device={open.device} camera={open.camera} onClose={close} />}
    </div>
  );
}
