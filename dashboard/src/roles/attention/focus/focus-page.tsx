import { useEffect, useMemo, useRef, useState } from "react";
import { useLive, useSite } from "../../../app/app-context.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { SessionReportView } from "../reports/session-report-view.js";
import { ConsentScreen } from "./consent-screen.js";
import { FocusClient } from "./focus-client.js";
import { FocusController, type FocusView } from "./focus-controller.js";
import { useFocusEnvironment } from "./focus-environment.js";
import { FocusSessionView } from "./focus-session-view.js";
import { focusMessages } from "./messages.js";
import "../attention.css";

const SOUND_KEY = "sitewatch.focus.sound";

/**
 * The learner's Focus page: consent, then a live session measured in this browser (nothing but
 * numbers goes to the hub), then the session's report. The camera starts only from the consent click.
 */
export default function FocusPage() {
  const live = useLive();
  const env = useFocusEnvironment();
  const { site } = useSite();
  const { locale } = useLocale();
  const t = useMessages(focusMessages);
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [sound, setSoundState] = useState(() => globalThis.localStorage?.getItem(SOUND_KEY) !== "off");
  const soundRef = useRef(sound);
  // Read when a session starts: switching the language must not end a running session.
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const [view, setView] = useState<FocusView>({ phase: "consent", cameraOn: false, alerts: [] });
  const controller = useMemo(
    () =>
      new FocusController({
        client: new FocusClient(live.socket),
        env,
        site: site.id,
        language: () => localeRef.current,
        video: () => videoRef.current,
        onChange: setView,
        soundOn: () => soundRef.current,
      }),
    [live, env, site.id],
  );
  useEffect(() => () => controller.dispose(), [controller]);
  const figures = useLoopFigures(controller, view.phase === "running");

  const setSound = (on: boolean) => {
    soundRef.current = on;
    setSoundState(on);
    globalThis.localStorage?.setItem(SOUND_KEY, on ? "on" : "off");
  };
  const restart = () => setView(controller.reset());

  return (
    <section
      className="focus-page"
      aria-labelledby="focus-title"
      data-phase={view.phase}
      data-analyses={figures.analyses}
      data-main-ms={figures.mainMs.toFixed(1)}
      data-worker-ms={figures.workerMs.toFixed(1)}
    >
      <h1 id="focus-title">{t("title")}</h1>
      {view.phase === "consent" && (
        <ConsentScreen sound={sound} onSound={setSound} onStart={() => void controller.start()} />
      )}
      {["starting", "running", "paused", "ending"].includes(view.phase) && (
        <FocusSessionView
          view={view}
          videoRef={videoRef}
          rate={figures.rate}
          sound={sound}
          onSound={(on) => {
            if (on) controller.unlockSound();
            setSound(on);
          }}
          onPause={() => void controller.pause()}
          onResume={() => void controller.resume()}
          onEnd={() => void controller.end()}
          onDismiss={() => controller.dismissAlert()}
        />
      )}
      {view.phase === "error" && (
        <div className="focus-error" role="alert">
          <p>{t("error", { message: view.error ?? "" })}</p>
          <button type="button" onClick={restart}>
            {t("retry")}
          </button>
        </div>
      )}
      {view.phase === "ended" && view.summary && (
        <>
          <SessionReportView session={view.summary.session} summary={view.summary} />
          <button type="button" onClick={restart}>
            {t("again")}
          </button>
        </>
      )}
    </section>
  );
}

/**
 * Analyses per second over the last second, and the loop's totals, refreshed once a second. The
 * totals go on the page element as data attributes, where the browser benchmark reads them.
 */
function useLoopFigures(controller: FocusController, running: boolean) {
  const [figures, setFigures] = useState<{
    rate?: number;
    analyses: number;
    mainMs: number;
    workerMs: number;
  }>({
    analyses: 0,
    mainMs: 0,
    workerMs: 0,
  });
  useEffect(() => {
    if (!running) return;
    let last = { at: performance.now(), analyses: controller.stats.analyses };
    const timer = setInterval(() => {
      const stats = controller.stats;
      const now = performance.now();
      const rate = ((stats.analyses - last.analyses) * 1000) / (now - last.at);
      last = { at: now, analyses: stats.analyses };
      setFigures({ rate, analyses: stats.analyses, mainMs: stats.mainMs, workerMs: stats.workerMs });
    }, 1000);
    return () => clearInterval(timer);
  }, [controller, running]);
  return figures;
}
