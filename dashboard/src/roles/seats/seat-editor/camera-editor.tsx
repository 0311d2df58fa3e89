import type { Camera, SeatList } from "@sitewatch/hub/api-types";
import { useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { useResource } from "../../../app/use-resource.js";
import { pushText } from "../../../components/push-text.js";
import { SaveBar, type SaveState } from "../../../components/save-status.js";
import { useMessages } from "../../../i18n/locale.js";
import { EditorPicture } from "./editor-picture.js";
import { editorReducer, initialEditor } from "./editor-state.js";
import { seatEditorMessages } from "./messages.js";
import { problemTexts } from "./problem-text.js";
import { mergeAfterSave, type SaveError, saveSeats } from "./save-seats.js";
import { type FieldErrors, SeatList as SeatListView } from "./seat-list.js";
import { SeatOverlay } from "./seat-overlay.js";
import { fromSeat, hasProblems, planSave, planSize, seatProblems } from "./seat-plan.js";

/**
 * The editor for one camera: picture, polygons, the seat list, and saving through REST. `autoAsked`
 * holds the cameras already asked for a picture on this visit (see EditorPicture).
 */
export function CameraEditor({ camera, autoAsked }: { camera: Camera; autoAsked: Set<string> }) {
  const api = useApi();
  const { site } = useSite();
  const t = useMessages(seatEditorMessages);
  const [state, dispatch] = useReducer(editorReducer, initialEditor);
  const [serverErrors, setServerErrors] = useState<SaveError[]>([]);
  const [status, setStatus] = useState<SaveState>({ kind: "idle" });
  const [aspect, setAspect] = useState(() =>
    camera.stream.width && camera.stream.height ? camera.stream.width / camera.stream.height : 16 / 9,
  );
  const seatsPath = `/api/v1/sites/${site.id}/seats`;
  const query = { device: camera.device, camera: camera.id };
  const stored = useResource(
    () => api.get<SeatList>(seatsPath, query),
    [api, seatsPath, camera.device, camera.id],
  );

  const plan = useMemo(() => planSave(state.original, state.seats), [state.original, state.seats]);
  const dirty = planSize(plan) > 0;
  // A reload after a reconnect must not wipe unsaved edits; it refreshes only an untouched editor.
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    if (stored.data && !dirtyRef.current)
      dispatch({
        type: "load",
        device: camera.device,
        camera: camera.id,
        seats: stored.data.seats.map(fromSeat),
      });
  }, [stored.data, camera.device, camera.id]);

  const errors = useMemo(() => {
    const map = new Map<string, FieldErrors>();
    for (const seat of state.seats) {
      const others = state.seats.filter((s) => s.key !== seat.key);
      const texts = problemTexts(t, seatProblems(seat, others));
      if (texts.name || texts.polygon) map.set(seat.key, texts);
    }
    for (const e of serverErrors) {
      const field = e.field === "other" ? "name" : e.field;
      const current = map.get(e.key) ?? {};
      if (!current[field]) map.set(e.key, { ...current, [field]: e.message });
    }
    return map;
  }, [state.seats, serverErrors, t]);
  const invalid = useMemo(() => new Set(errors.keys()), [errors]);

  const edit: typeof dispatch = (action) => {
    // An edit of a seat makes the hub's earlier complaint about it stale.
    if (action.type === "rename" || action.type === "setPolygon")
      setServerErrors((errs) => errs.filter((e) => e.key !== action.key));
    if (status.kind === "done") setStatus({ kind: "idle" });
    dispatch(action);
  };

  const save = async () => {
    if (
      state.seats.some((s) =>
        hasProblems(
          seatProblems(
            s,
            state.seats.filter((o) => o.key !== s.key),
          ),
        ),
      )
    ) {
      setStatus({ kind: "done", lines: [t("fixFirst")], failed: true });
      return;
    }
    if (!dirty) {
      setStatus({ kind: "done", lines: [t("nothingToSave")], failed: false });
      return;
    }
    setStatus({ kind: "saving" });
    const outcome = await saveSeats(api, site.id, plan);
    const fresh = await api.get<SeatList>(seatsPath, query).catch(() => undefined);
    const server = fresh ? fresh.seats.map(fromSeat) : state.original;
    const merged = mergeAfterSave(server, state.seats, outcome.errors);
    dispatch({
      type: "load",
      device: camera.device,
      camera: camera.id,
      seats: merged.seats,
      original: server,
    });
    const removed = new Set(plan.remove.map((r) => r.id));
    setServerErrors(merged.errors.filter((e) => !removed.has(e.key)));
    const deleteLines = merged.errors
      .filter((e) => removed.has(e.key))
      .map((e) => t("deleteFailed", { seat: e.key, message: e.message }));
    const lines = [
      ...(outcome.errors.length ? [] : [t("saved")]),
      ...outcome.pushes.map((p) => pushText(t, p)),
      ...deleteLines,
    ];
    setStatus({ kind: "done", lines, failed: outcome.errors.length > 0 });
  };

  const cameraLabel = `${camera.device} / ${camera.name}`;
  return (
    <div className="editor-body">
      <div className="editor-canvas-column">
        <EditorPicture camera={camera} aspect={aspect} onAspect={setAspect} autoAsked={autoAsked}>
          <SeatOverlay
            label={t("canvasLabel", { camera: cameraLabel })}
            aspect={aspect}
            seats={state.seats}
            selected={state.selected}
            draft={state.draft}
            invalid={invalid}
            dispatch={edit}
          />
        </EditorPicture>
      </div>
      <aside className="editor-side card" aria-label={t("seats")}>
        {state.draft ? (
          <div className="draw-panel">
            <p id="draw-hint">{t("drawHint")}</p>
            <div className="row">
              <button
                type="button"
                disabled={state.draft.length < 3}
                onClick={() => edit({ type: "closeDraft" })}
              >
                {t("finish")}
              </button>
              <button type="button" className="secondary" onClick={() => edit({ type: "cancelDraft" })}>
                {t("cancel")}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => edit({ type: "startDraw" })}>
            {t("newSeat")}
          </button>
        )}
        <h2>{t("seats")}</h2>
        <SeatListView seats={state.seats} selected={state.selected} errors={errors} dispatch={edit} />
        <SaveBar
          state={status}
          unsaved={dirty ? t("unsaved", { count: planSize(plan) }) : undefined}
          labels={{ save: t("save"), saving: t("saving"), discard: t("discard") }}
          dirty={dirty}
          onSave={() => void save()}
          onDiscard={() =>
            edit({ type: "load", device: camera.device, camera: camera.id, seats: state.original })
          }
        />
      </aside>
    </div>
  );
}
