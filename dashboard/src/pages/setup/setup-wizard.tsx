import type { Site } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useMessages } from "../../i18n/locale.js";
import { SiteCreateForm } from "../admin/site-create-form.js";
import { EnrollmentTokens } from "../devices/enrollment-tokens.js";
import { FirstDevice } from "./first-device.js";
import { setupMessages } from "./messages.js";
import { SetupProgress, useSetupStatus, type WizardStep } from "./setup-progress.js";
import "../devices/devices.css";

const STEPS: readonly WizardStep[] = ["site", "token", "device"];

/**
 * A fresh hub's first admin, from nothing to a live seat map: create the first site, create an
 * enrolment token (shown once with the installer's command), then wait for the device to come online.
 * `onDone` receives the site, whose seat map opens next.
 */
export function SetupWizard({ onDone }: { onDone: (site: Site) => void }) {
  const t = useMessages(setupMessages);
  const [site, setSite] = useState<Site>();
  const [step, setStep] = useState<WizardStep>("site");
  const status = useSetupStatus(step, (resumed, at) => {
    setSite(resumed);
    setStep(at);
  });
  return (
    <div className="setup-wizard">
      <h1>{t("wizard.title")}</h1>
      <p className="muted">{t("wizard.intro")}</p>
      <SetupProgress status={status.data} />
      <ol className="wizard-steps" aria-label={t("wizard.steps")}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            aria-current={s === step ? "step" : undefined}
            data-done={String(STEPS.indexOf(step) > i)}
          >
            {t(`step.${s}`)}
          </li>
        ))}
      </ol>
      <section className="card wizard-panel" aria-label={t(`step.${step}`)}>
        <h2>{t(`step.${step}`)}</h2>
        {step === "site" && (
          <>
            <p>{t("site.intro")}</p>
            <SiteCreateForm
              onCreated={(created) => {
                setSite(created);
                setStep("token");
              }}
            />
          </>
        )}
        {step === "token" && site && (
          <>
            <p>{t("token.intro")}</p>
            <EnrollmentTokens site={site.id} />
            <div className="form-actions">
              <button type="button" onClick={() => setStep("device")}>
                {t("token.next")}
              </button>
            </div>
          </>
        )}
        {step === "device" && site && <FirstDevice site={site} onOpen={() => onDone(site)} />}
      </section>
    </div>
  );
}
