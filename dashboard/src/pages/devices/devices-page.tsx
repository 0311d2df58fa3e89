import { useSite } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { ClockProvider, useStartedClock } from "../../app/page-clock.js";
import { useMessages } from "../../i18n/locale.js";
import { DeviceCard } from "./device-card.js";
import { EnrollmentTokens } from "./enrollment-tokens.js";
import { devicesMessages } from "./messages.js";
import { useDevices } from "./use-devices.js";
import { useLiveLatency } from "./use-live-latency.js";
import "./devices.css";

/** Edge devices with their live health, and enrolment tokens for installers. */
export default function DevicesPage() {
  const { site } = useSite();
  return <DevicesView key={site.id} site={site.id} />;
}

function DevicesView({ site }: { site: string }) {
  const t = useMessages(devicesMessages);
  // One clock for every "last seen" on the page.
  const clock = useStartedClock();
  const devices = useDevices(site);
  const latency = useLiveLatency(site);
  return (
    <ClockProvider value={clock}>
      <div className="devices-page">
        <h1>{t("title")}</h1>
        {!devices.data ? (
          <LoadState resource={devices} />
        ) : devices.data.length === 0 ? (
          <p className="empty">{t("none")}</p>
        ) : (
          <div className="device-list">
            {devices.data.map((d) => (
              <DeviceCard key={d.id} device={d} live={latency.figures(d.id)} corrected={latency.corrected} />
            ))}
          </div>
        )}
        <EnrollmentTokens site={site} />
      </div>
    </ClockProvider>
  );
}
