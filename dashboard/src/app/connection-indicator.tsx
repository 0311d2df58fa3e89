import { useMessages } from "../i18n/locale.js";
import { useConnectionState } from "./app-context.js";
import { appMessages } from "./app-messages.js";

/** Always visible: a site manager must know whether the map is live or frozen. */
export function ConnectionIndicator() {
  const state = useConnectionState();
  const t = useMessages(appMessages);
  const label =
    state.state === "online"
      ? t("online")
      : state.state === "connecting"
        ? t("connecting")
        : state.attempt > 0
          ? t("offlineRetry", { attempt: state.attempt })
          : t("offline");
  return (
    <output className={`connection connection-${state.state}`} aria-live="polite" data-state={state.state}>
      <span className="dot" aria-hidden="true" />
      {label}
    </output>
  );
}
