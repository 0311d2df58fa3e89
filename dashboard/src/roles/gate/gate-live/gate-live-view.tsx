import type { Camera } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { LiveStatus } from "../../../components/live-status.js";
import { useLiveWatch, usePageVisible } from "../../../components/use-live-watch.js";
import { useMessages } from "../../../i18n/locale.js";
import { LiveFrame } from "./live-frame.js";
import { gateLiveMessages } from "./messages.js";
import "./gate-live.css";

const cameraKey = (c: Pick<Camera, "device" | "id">) => `${c.device}/${c.id}`;

/**
 * The annotated live picture of one gate camera of the site. It watches while shown and in view, and
 * stops when paused, when the tab goes to the background or when the page is left: the device streams
 * only while somebody looks.
 */
export function GateLiveView() {
  const api = useApi();
  const { site } = useSite();
  const t = useMessages(gateLiveMessages);
  const cameras = useResource(
    () => api.get<{ cameras: Camera[] }>(`/api/v1/sites/${site.id}/cameras`),
    [api, site.id],
  );
  const gates = cameras.data?.cameras.filter((c) => c.role === "gate") ?? [];
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const selected = gates.find((c) => cameraKey(c) === chosen) ?? gates[0];
  const [paused, setPaused] = useState(false);
  const visible = usePageVisible();
  const address = selected && { site: site.id, device: selected.device, camera: selected.id };
  const watch = useLiveWatch(address, !paused && visible);

  return (
    <section className="gate-live card" aria-labelledby="gate-live-title">
      <h2 id="gate-live-title">{t("live.title")}</h2>
      {!cameras.data ? (
        <LoadState resource={cameras} />
      ) : !selected ? (
        <p className="empty">{t("live.noCamera")}</p>
      ) : (
        <>
          <div className="live-controls">
            <label>
              {t("live.camera")}
              <select value={cameraKey(selected)} onChange={(e) => setChosen(e.target.value)}>
                {gates.map((c) => (
                  <option key={cameraKey(c)} value={cameraKey(c)}>
                    {c.name} ({c.device})
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="secondary" onClick={() => setPaused((p) => !p)}>
              {paused ? t("live.resume") : t("live.pause")}
            </button>
          </div>
          {watch.state === "watching" ? (
            <LiveFrame frame={watch.frame} alt={t("live.frameAlt", { camera: selected.name })} />
          ) : (
            <div className="live-placeholder" />
          )}
          <LiveStatus watch={watch} paused={paused} visible={visible} device={selected.device} />
        </>
      )}
    </section>
  );
}
