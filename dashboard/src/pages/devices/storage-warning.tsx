import type { DeviceHealth } from "@sitewatch/hub/api-types";
import type { StorageHealth } from "@sitewatch/shared-protocol";
import { formatNumber } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import { devicesMessages } from "./messages.js";

/** A heartbeat as the page keeps it: REST's figures plus the data dir's state from the agent. */
export type LiveDeviceHealth = DeviceHealth & { storage?: StorageHealth | null };

const STATES = new Set(["ok", "full", "read-only"]);
const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0);

/**
 * The storage part of a heartbeat, read defensively: it arrives from live events and from REST
 * (older agents send none), and validating with zod here would pull it into the page's chunk.
 */
export function storageOf(health: DeviceHealth | null | undefined): StorageHealth | undefined {
  const raw = (health as { storage?: unknown } | null | undefined)?.storage;
  if (!raw || typeof raw !== "object") return undefined;
  const s = raw as Record<string, unknown>;
  if (typeof s.state !== "string" || !STATES.has(s.state)) return undefined;
  return {
    state: s.state as StorageHealth["state"],
    heldInMemory: count(s.heldInMemory),
    droppedEvents: count(s.droppedEvents),
    error: typeof s.error === "string" && s.error !== "" ? s.error : undefined,
  };
}

/**
 * Shown while the device's disk refuses writes: events wait in memory (lost if the agent restarts)
 * and, once that bound is hit, are dropped, so the site's history has gaps until someone frees space.
 */
export function StorageWarning({ health }: { health: DeviceHealth | null | undefined }) {
  const t = useMessages(devicesMessages);
  const { locale } = useLocale();
  const storage = storageOf(health);
  if (!storage || storage.state === "ok") return null;
  const figures = {
    held: formatNumber(storage.heldInMemory, locale),
    dropped: formatNumber(storage.droppedEvents, locale),
  };
  return (
    <div className="storage-warning" data-storage={storage.state}>
      <span className="badge badge-warning">
        {t(storage.state === "full" ? "storage.full" : "storage.readOnly")}
      </span>
      <span data-storage-counts>{t("storage.counts", figures)}</span>
      {storage.error && (
        <code className="storage-error" data-storage-error>
          {storage.error}
        </code>
      )}
    </div>
  );
}
