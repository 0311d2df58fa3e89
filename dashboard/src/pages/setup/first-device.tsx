import type { Site } from "@sitewatch/hub/api-types";
import { useEffect } from "react";
import { useMessages } from "../../i18n/locale.js";
import { useDevices } from "../devices/use-devices.js";
import { setupMessages } from "./messages.js";

/** How often the wizard asks for the site's devices while none is online (live events may come first). */
export const POLL_MS = 2_000;

/**
 * The last step: the site's devices, live, until one is online. The page is outside the site's pages,
 * so it also polls: the shell has not joined the new site's live room yet.
 */
export function FirstDevice({ site, onOpen }: { site: Site; onOpen: () => void }) {
  const t = useMessages(setupMessages);
  const devices = useDevices(site.id);
  const list = devices.data ?? [];
  const online = list.find((d) => d.online);
  const { reload } = devices;
  useEffect(() => {
    if (online) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [online, reload]);

  return (
    <div className="first-device" data-online={String(Boolean(online))}>
      {online ? (
        <p role="status" className="device-online">
          <span className="dot" /> {t("device.online", { device: online.name })}
        </p>
      ) : (
        <>
          <p className="loading">{t("device.intro", { site: site.name })}</p>
          <p className="muted">{t("device.waiting")}</p>
          {list.map((d) => (
            <p key={d.id} className="muted" data-device={d.id}>
              {t("device.enrolled", { device: d.name })}
            </p>
          ))}
        </>
      )}
      <div className="form-actions">
        <button type="button" disabled={!online} onClick={onOpen}>
          {t("device.open")}
        </button>
      </div>
    </div>
  );
}
