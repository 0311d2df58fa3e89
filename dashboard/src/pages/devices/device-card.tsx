import { useNow } from "../../app/page-clock.js";
import { formatDuration, formatNumber, formatTime } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import { DeviceLatencyFacts } from "./device-latency.js";
import { cameraRows, type LiveDevice } from "./device-updates.js";
import type { LiveLatencyFigures } from "./live-latency.js";
import { devicesMessages } from "./messages.js";
import { StorageWarning } from "./storage-warning.js";

/**
 * One edge device: online state, last seen (ticking), resource figures, end-to-end latency and its
 * cameras' pipelines. `live` is camera → this dashboard, measured by the page from live events.
 */
export function DeviceCard({
  device,
  live = null,
  corrected = false,
}: {
  device: LiveDevice;
  live?: LiveLatencyFigures | null;
  corrected?: boolean;
}) {
  const t = useMessages(devicesMessages);
  const { locale } = useLocale();
  const now = useNow();
  const status = device.status === "revoked" ? "revoked" : device.online ? "online" : "offline";
  const lastSeen = device.lastSeenAt;
  const health = device.health;
  const cameras = cameraRows(device);
  const num = (v: number | null | undefined, digits = 0) => formatNumber(v, locale, digits);
  const headingId = `device-${device.id}`;
  return (
    <article
      className="device card"
      data-device={device.id}
      data-online={String(device.online)}
      aria-labelledby={headingId}
    >
      <header className="device-head">
        <h2 id={headingId}>{device.name}</h2>
        <span className="device-id">{device.id}</span>
        <span className={`device-status device-${status}`} data-status={status}>
          <span className="dot" /> {t(status)}
        </span>
      </header>
      <StorageWarning storage={health?.storage} />
      <dl className="device-facts">
        <div>
          <dt>{t("lastSeen")}</dt>
          <dd title={lastSeen === null ? undefined : formatTime(lastSeen, locale, true)} data-last-seen>
            {lastSeen === null
              ? t("never")
              : t("lastSeenAgo", { duration: formatDuration(Math.max(0, now - lastSeen), locale) })}
          </dd>
        </div>
        <div>
          <dt>{t("agent")}</dt>
          <dd data-agent-version>{health?.agentVersion ?? device.agentVersion ?? "–"}</dd>
        </div>
        <ConfigRevision applied={health?.configRevision} latest={device.configRevision} />
        <div>
          <dt>{t("uptime")}</dt>
          <dd>{health?.uptimeS == null ? "–" : formatDuration(health.uptimeS * 1000, locale)}</dd>
        </div>
        <div>
          <dt>{t("cpu")}</dt>
          <dd>{health?.cpuPct == null ? "–" : `${num(health.cpuPct, 1)} %`}</dd>
        </div>
        <div>
          <dt>{t("memory")}</dt>
          <dd>{health?.memRssMb == null ? "–" : `${num(health.memRssMb)} MB`}</dd>
        </div>
        <div>
          <dt>{t("outbox")}</dt>
          <dd>{num(health?.outboxDepth)}</dd>
        </div>
        <DeviceLatencyFacts latency={device.latency} live={live} corrected={corrected} />
      </dl>
      {cameras.length === 0 ? (
        <p className="empty">{t("noHealth")}</p>
      ) : (
        <div className="table-scroll">
          <table aria-label={t("cameras", { device: device.name })}>
            <thead>
              <tr>
                <th scope="col">{t("col.camera")}</th>
                <th scope="col">{t("col.state")}</th>
                <th scope="col">{t("col.fps")}</th>
                <th scope="col">{t("col.inference")}</th>
                <th scope="col">{t("col.queue")}</th>
                <th scope="col">{t("col.dropped")}</th>
              </tr>
            </thead>
            <tbody>
              {cameras.map(({ camera, state, figures }) => (
                <tr key={camera} data-camera={camera} data-state={state}>
                  <th scope="row">{camera}</th>
                  <td className={`camera-state camera-${state}`}>{t(`camState.${state}`)}</td>
                  <td data-col="fps">{num(figures?.fps, 1)}</td>
                  <td data-col="inference">{num(figures?.inferenceMs, 1)}</td>
                  <td data-col="queue">{num(figures?.queueDepth)}</td>
                  <td data-col="dropped">{num(figures?.droppedFrames)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

/**
 * The hub's configuration revision for the device against the one its last heartbeat says it applied:
 * behind means the device missed or refused a push (offline, or see its commands). Agents that predate
 * the field report nothing, so only the hub's number is known.
 */
function ConfigRevision({ applied, latest }: { applied: number | undefined; latest: number }) {
  const t = useMessages(devicesMessages);
  const behind = applied !== undefined && applied < latest;
  const text =
    applied === undefined
      ? t("config.unreported", { latest })
      : applied === 0 && latest === 0
        ? t("config.local")
        : t("config.applied", { applied, latest });
  return (
    <div>
      <dt>{t("config")}</dt>
      <dd
        className={behind ? "warning" : undefined}
        data-config-revision={applied ?? ""}
        data-behind={String(behind)}
        title={behind ? t("config.behind") : undefined}
      >
        {text}
      </dd>
    </div>
  );
}
