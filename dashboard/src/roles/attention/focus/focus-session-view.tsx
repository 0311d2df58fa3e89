import type { RefObject } from "react";
import { formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import type { FocusView } from "./focus-controller.js";
import { focusMessages } from "./messages.js";

export interface FocusSessionViewProps {
  view: FocusView;
  videoRef: RefObject<HTMLVideoElement | null>;
  /** Analyses per second over the last seconds; undefined before the first. */
  rate?: number;
  sound: boolean;
  onSound: (on: boolean) => void;
  onPause: () => void;
  onResume: () => void;
  onEnd: () => void;
  onDismiss: () => void;
}

/** The running session: camera indicator, mirrored self-view with the state, alerts and controls. */
export function FocusSessionView({ view, videoRef, rate, ...on }: FocusSessionViewProps) {
  const t = useMessages(focusMessages);
  const { locale } = useLocale();
  const state = view.state?.state;
  const busy = view.phase === "starting" || view.phase === "ending";
  return (
    <section className="focus-session" aria-labelledby="focus-session-title">
      <h2 id="focus-session-title" className="visually-hidden">
        {t("title")}
      </h2>
      <p className={`focus-camera ${view.cameraOn ? "on" : "off"}`} role="status" data-camera={view.cameraOn}>
        <span className="focus-camera-dot" aria-hidden="true" />
        {view.cameraOn ? t("camera.on") : t("camera.off")}
      </p>
      {view.alert && (
        <div
          className={`focus-alert focus-alert-${view.alert.kind}`}
          role="alert"
          data-alert={view.alert.kind}
        >
          <strong>{t("alert.title")}</strong> {view.alert.message}
          <button type="button" className="secondary" onClick={on.onDismiss}>
            {t("dismiss")}
          </button>
        </div>
      )}
      <figure className="focus-self-view" data-state={state ?? "none"}>
        <video ref={videoRef} muted playsInline aria-label={t("selfView")} />
        <figcaption>
          <span className="visually-hidden">{t("state.label")}: </span>
          <output className="focus-state" data-state={state ?? "none"} aria-live="polite">
            {view.phase === "starting" ? t("starting") : state ? t(`state.${state}`) : "…"}
          </output>
          {view.state && !view.state.calibrated && (
            <span className="focus-calibrating">{t("calibrating")}</span>
          )}
        </figcaption>
      </figure>
      <p className="muted focus-figures">
        {rate !== undefined && (
          <span data-rate={rate.toFixed(1)}>{t("rate", { rate: rate.toFixed(0) })}</span>
        )}
        {view.state && <span>{t("blinks", { count: view.state.blinks })}</span>}
      </p>
      {view.phase === "paused" && <p className="focus-paused">{t("paused")}</p>}
      {view.phase === "ending" && <p>{t("ending")}</p>}
      <div className="focus-controls">
        {view.phase === "paused" ? (
          <button type="button" onClick={on.onResume}>
            {t("resume")}
          </button>
        ) : (
          <button type="button" className="secondary" disabled={busy} onClick={on.onPause}>
            {t("pause")}
          </button>
        )}
        <button type="button" disabled={busy} onClick={on.onEnd}>
          {t("end")}
        </button>
        <label className="focus-toggle">
          <input type="checkbox" checked={on.sound} onChange={(e) => on.onSound(e.target.checked)} />
          {t("sound")}
        </label>
      </div>
      {view.alerts.length > 0 && (
        <section aria-labelledby="focus-alerts-title">
          <h3 id="focus-alerts-title">{t("alerts")}</h3>
          <ul className="focus-alert-list">
            {view.alerts.map((a) => (
              <li key={`${a.kind}-${a.since}`} data-kind={a.kind}>
                <time dateTime={new Date(a.since).toISOString()}>{formatTime(a.since, locale)}</time>{" "}
                {t(`state.${a.kind}`)} — {a.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
