import type { Device } from "@sitewatch/hub/api-types";
import { formatNumber } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import type { LiveLatencyFigures } from "./live-latency.js";
import { devicesMessages } from "./messages.js";

/**
 * End-to-end latency of a device's seat changes, as two facts of its card: camera → hub from the hub
 * (its recent p50 / p95, over REST) and camera → this dashboard measured here from live events.
 */
export function DeviceLatencyFacts({
  latency,
  live,
  corrected,
}: {
  latency: Device["latency"] | undefined;
  live: LiveLatencyFigures | null;
  corrected: boolean;
}) {
  const t = useMessages(devicesMessages);
  const { locale } = useLocale();
  const ms = (v: number) => formatNumber(v, locale);
  const hub = latency?.captureToHubMs ?? null;
  return (
    <>
      <div>
        <dt>{t("latency.hub")}</dt>
        <dd data-latency="hub" title={hub ? t("latency.samples", { count: String(hub.samples) }) : undefined}>
          {hub ? t("latency.p50p95", { p50: ms(hub.p50), p95: ms(hub.p95) }) : t("latency.none")}
        </dd>
      </div>
      <div>
        <dt>{t("latency.here")}</dt>
        <dd
          data-latency="dashboard"
          data-corrected={String(corrected)}
          title={live ? t(corrected ? "latency.hubClock" : "latency.browserClock") : undefined}
        >
          {live ? t("latency.p50", { p50: ms(live.p50), count: String(live.samples) }) : t("latency.waiting")}
        </dd>
      </div>
    </>
  );
}
