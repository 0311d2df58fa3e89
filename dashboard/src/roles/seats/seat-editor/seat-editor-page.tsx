import type { Camera, CameraList } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { useMessages } from "../../../i18n/locale.js";
import { CameraEditor } from "./camera-editor.js";
import { seatEditorMessages } from "./messages.js";
import "./seat-editor.css";

const keyOf = (c: Camera) => `${c.device}/${c.id}`;

/** Seat editor: pick a seat camera, then draw, move, name and delete its seat polygons. */
export default function SeatEditorPage() {
  const api = useApi();
  const { site } = useSite();
  const t = useMessages(seatEditorMessages);
  const cameras = useResource(() => api.get<CameraList>(`/api/v1/sites/${site.id}/cameras`), [api, site.id]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  // Seats can only be defined on cameras whose role is "seats" (the hub refuses the others).
  const list = cameras.data?.cameras.filter((c) => c.role === "seats") ?? [];
  const camera = list.find((c) => keyOf(c) === chosen) ?? list[0];
  return (
    <section className="seat-editor" aria-labelledby="editor-title">
      <h1 id="editor-title">{t("title")}</h1>
      {!cameras.data ? (
        <LoadState resource={cameras} />
      ) : !camera ? (
        <p className="empty">{t("noCameras")}</p>
      ) : (
        <>
          <label className="camera-picker">
            {t("camera")}
            <select value={keyOf(camera)} onChange={(e) => setChosen(e.target.value)}>
              {list.map((c) => (
                <option key={keyOf(c)} value={keyOf(c)}>
                  {c.device} / {c.name} ({c.id})
                </option>
              ))}
            </select>
          </label>
          {/* Keyed: another camera starts a fresh editor instead of carrying over unsaved polygons. */}
          <CameraEditor key={keyOf(camera)} camera={camera} />
        </>
      )}
    </section>
  );
}
