import { useConnectionState } from "../app/app-context.js";
import { formatTime } from "../i18n/format.js";
import { useLocale, useMessages } from "../i18n/locale.js";
import { liveMessages } from "./live-messages.js";
import "./live-picture.css";
import type { WatchState } from "./use-live-watch.js";

export interface LiveStatusProps {
  watch: WatchState;
  paused: boolean;
  visible: boolean;
  device: string;
}

/** One line under a live view saying why there is or is not a picture. */
export function LiveStatus({ watch, paused, visible, device }: LiveStatusProps) {
  const t = useMessages(liveMessages);
  const { locale } = useLocale();
  const connection = useConnectionState();
  let text: string;
  if (paused) text = t("paused");
  else if (!visible) text = t("hidden");
  else if (connection.state !== "online") text = t("offline");
  else if (watch.state === "failed") text = t("failed", { message: watch.message });
  else if (watch.state === "watching") text = t("updated", { time: formatTime(watch.at, locale) });
  else text = t("waiting", { device });
  return (
    // Polite announcements for changes of state, not for every frame's time.
    <p
      className={watch.state === "failed" ? "live-status error" : "live-status muted"}
      aria-live={watch.state === "watching" && !paused && visible ? "off" : "polite"}
    >
      {text}
    </p>
  );
}
