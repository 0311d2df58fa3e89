import { useMessages } from "../i18n/locale.js";
import { appMessages } from "./app-messages.js";
import type { Resource } from "./use-resource.js";

/** What a page shows before its data arrived, or when loading failed (with a retry). */
export function LoadState({ resource }: { resource: Resource<unknown> }) {
  const t = useMessages(appMessages);
  if (resource.error)
    return (
      <div role="alert" className="error">
        {t("loadFailed", { message: resource.error.message })}{" "}
        <button type="button" onClick={resource.reload}>
          {t("retry")}
        </button>
      </div>
    );
  return <p className="loading">{t("loading")}</p>;
}
