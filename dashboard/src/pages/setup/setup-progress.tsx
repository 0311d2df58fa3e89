import type { SetupStatus, Site } from "@sitewatch/hub/api-types";
import { useEffect } from "react";
import { useApi } from "../../app/app-context.js";
import { type Resource, useResource } from "../../app/use-resource.js";
import { useMessages } from "../../i18n/locale.js";
import { setupMessages } from "./messages.js";

export type WizardStep = "site" | "token" | "device";

/**
 * The hub's first-run status (`GET /api/v1/setup`). A wizard opened again after its site was made
 * (a reload, a second tab) resumes at the step the hub says is next, with that site.
 */
export function useSetupStatus(
  step: WizardStep,
  resume: (site: Site, step: WizardStep) => void,
): Resource<SetupStatus> {
  const api = useApi();
  // Loaded again at each step, so the counts follow what the admin just did.
  const status = useResource(() => api.get<SetupStatus>("/api/v1/setup"), [api, step]);
  const first = status.data?.firstSite;
  const next = status.data?.nextStep;
  // biome-ignore lint/correctness/useExhaustiveDependencies: resumes once, when the first status names a site.
  useEffect(() => {
    if (!first || step !== "site") return;
    api.get<Site>(`/api/v1/sites/${encodeURIComponent(first)}`).then(
      (site) => resume(site, next === "create-enrollment-token" ? "token" : "device"),
      () => undefined,
    );
  }, [first]);
  return status;
}

export function SetupProgress({ status }: { status: SetupStatus | undefined }) {
  const t = useMessages(setupMessages);
  if (!status) return null;
  return (
    <p className="muted" data-setup-progress>
      {t("progress", {
        sites: status.sites,
        devices: status.devices,
        online: status.devicesOnline,
      })}
    </p>
  );
}
