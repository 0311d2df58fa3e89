import type { StorageHealth } from "@sitewatch/shared-protocol";
import { formatNumber } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import { devicesMessages } from "./messages.js";

/**
 * Shown while the device's disk refuses writes: events wait in memory (lost if the agent restarts)
 * and, once that bound is hit, are dropped, so the site's history has gaps until someone frees space.
 * `storage` is the last heartbeat's, absent from agents that predate it.
 */
export function StorageWarning({ storage }: { storage: StorageHealth | undefined }) {
  const t = useMessages(devicesMessages);
  const { locale } = useLocale();
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
