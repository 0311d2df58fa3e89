import type { GateSettings } from "@sitewatch/shared-protocol";
import { useMemo, useState } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { pushText } from "../../../components/push-text.js";
import { SaveBar, type SaveState } from "../../../components/save-status.js";
import { SnapshotPicture } from "../../../components/snapshot-picture.js";
import { useMessages } from "../../../i18n/locale.js";
import { gateSettingsMessages } from "./messages.js";
import { type GateCameraView, saveGateSettings } from "./save-gate-settings.js";
import {
  checkDraft,
  defaultSettings,
  draftOf,
  type FieldErrors,
  type SettingsDraft,
} from "./settings-draft.js";
import { SettingsFields } from "./settings-fields.js";
import { ShapeControls } from "./shape-controls.js";
import { ZoneOverlay } from "./zone-overlay.js";

/** The settings of one gate camera: its picture with zone and line, the fields, and saving through REST. */
export function SettingsEditor({ camera }: { camera: GateCameraView }) {
  const api = useApi();
  const { site } = useSite();
  const t = useMessages(gateSettingsMessages);
  const [stored, setStored] = useState<GateSettings | null>(camera.gate ?? null);
  const original = useMemo(() => draftOf(stored ?? defaultSettings()), [stored]);
  const [draft, setDraft] = useState<SettingsDraft>(original);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<SaveState>({ kind: "idle" });
  const [aspect, setAspect] = useState(() =>
    camera.stream.width && camera.stream.height ? camera.stream.width / camera.stream.height : 16 / 9,
  );

  const check = useMemo(() => checkDraft(draft, t("notANumber")), [draft, t]);
  const errors: FieldErrors = { ...serverErrors, ...(check.ok ? {} : check.errors) };
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);
  // The camera list reloads after a reconnect: new settings from the hub refresh an untouched form,
  // never unsaved edits. Compared during render, so a keystroke racing the first load is never undone.
  const fromHub = JSON.stringify(camera.gate ?? null);
  const [seen, setSeen] = useState(fromHub);
  if (fromHub !== seen) {
    setSeen(fromHub);
    if (!dirty) {
      const settings = JSON.parse(fromHub) as GateSettings | null;
      setStored(settings);
      setDraft(draftOf(settings ?? defaultSettings()));
    }
  }

  const change = (patch: Partial<SettingsDraft>) => {
    // An edited field makes the hub's earlier complaint about it stale.
    setServerErrors((errs) => {
      const rest: FieldErrors = { ...errs };
      for (const key of Object.keys(patch)) delete rest[key as keyof FieldErrors];
      return rest;
    });
    if (status.kind === "done") setStatus({ kind: "idle" });
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = async () => {
    if (!check.ok) return setStatus({ kind: "done", lines: [t("fixFirst")], failed: true });
    // Without stored settings, saving the defaults is a change: the hub takes over from the file.
    if (!dirty && stored) return setStatus({ kind: "done", lines: [t("nothingToSave")], failed: false });
    setStatus({ kind: "saving" });
    const result = await saveGateSettings(api, site.id, camera, check.settings);
    if (!result.ok) {
      setServerErrors(result.errors);
      setStatus({ kind: "done", lines: [t("saveFailed", { message: result.message })], failed: true });
      return;
    }
    const saved = result.camera.gate ?? check.settings;
    setStored(saved);
    setDraft(draftOf(saved));
    setServerErrors({});
    setStatus({ kind: "done", lines: [t("saved"), pushText(t, result.push)], failed: false });
  };

  return (
    <div className="settings-body">
      <div className="settings-picture">
        <SnapshotPicture camera={camera} aspect={aspect} onAspect={setAspect}>
          <ZoneOverlay
            label={t("canvasLabel", { camera: `${camera.device} / ${camera.name}` })}
            aspect={aspect}
            zone={draft.zone}
            line={draft.directionLine}
            zoneInvalid={Boolean(errors.zone)}
            onZone={(zone) => change({ zone })}
            onLine={(directionLine) => change({ directionLine })}
          />
        </SnapshotPicture>
        <ShapeControls
          zone={draft.zone}
          line={draft.directionLine}
          errors={errors}
          onZone={(zone) => change({ zone })}
          onLine={(directionLine) => change({ directionLine })}
        />
      </div>
      <form
        className="settings-side card"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {!stored && <p className="notice">{t("fromDevice")}</p>}
        <SettingsFields draft={draft} errors={errors} onChange={change} />
        <SaveBar
          state={status}
          unsaved={dirty ? t("unsaved") : undefined}
          labels={{ save: t("save"), saving: t("saving"), discard: t("discard") }}
          dirty={dirty}
          onDiscard={() => change(original)}
          after={
            errors.other && (
              <p className="field-error" role="alert">
                {errors.other}
              </p>
            )
          }
        />
      </form>
    </div>
  );
}
